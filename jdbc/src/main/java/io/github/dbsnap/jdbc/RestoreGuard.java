package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a restore, before it touches anything, whose changes could not all be undone or would
 * reach rows the snapshot does not hold: tables in engines without transactions (MyISAM, Aria,
 * MEMORY…), and foreign keys from tables outside the restored set (excluded, skipped or not in the
 * snapshot, in any schema) into a restored table, which emptying could cascade through, null or
 * leave dangling. This is {@code TRUNCATE … RESTRICT}'s rule, whatever the key's delete action.
 */
final class RestoreGuard {
    private final Dialect dialect;

    RestoreGuard(Dialect dialect) {
        this.dialect = dialect;
    }

    /** @throws DatabaseSourceException listing every offending table and key; nothing has been changed */
    void check(Connection c, String schema, Collection<TableDef> restored) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> engines = dialect.nonTransactionalTables(c, schema, restored);
        if (!engines.isEmpty()) {
            problems.add("these tables are in a storage engine without transactions, so a failed restore could not be "
                    + "rolled back: " + String.join(", ", engines) + " (convert them, e.g. ALTER TABLE … ENGINE=InnoDB, "
                    + "or exclude them)");
        }
        Set<String> refs = outsideReferences(c, schema, restored);
        if (!refs.isEmpty()) {
            problems.add("tables outside the restored set reference restored tables, so emptying them would cascade "
                    + "into, or leave dangling, rows the snapshot does not hold: " + String.join(", ", refs)
                    + " (restore those tables too, or drop the foreign keys)");
        }
        if (!problems.isEmpty()) {
            throw new DatabaseSourceException("refusing to restore into " + (schema == null ? "the database"
                    : "'" + schema + "'") + ": " + String.join("; ", problems) + "; nothing was changed");
        }
    }

    /** @return {@code child.col → parent (ON DELETE action)} for each foreign key from outside the set into it */
    private Set<String> outsideReferences(Connection c, String schema, Collection<TableDef> restored)
            throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect.metaCatalog(schema);
        String schem = dialect.metaSchema(schema);
        Set<String> names = new TreeSet<>();
        restored.forEach(t -> names.add(t.name()));
        Set<String> found = new TreeSet<>();
        for (TableDef parent : restored) {
            try (ResultSet rs = md.getExportedKeys(catalog, schem, parent.name())) {
                while (rs.next()) {
                    String fkCatalog = rs.getString("FKTABLE_CAT");
                    String fkSchema = rs.getString("FKTABLE_SCHEM");
                    String fkTable = rs.getString("FKTABLE_NAME");
                    boolean inSet = names.contains(fkTable) && (schem == null || schem.equals(fkSchema))
                            && (catalog == null || catalog.equals(fkCatalog));
                    if (!inSet) {
                        String qualifier = schem != null ? fkSchema : catalog != null ? fkCatalog : null;
                        found.add((qualifier == null ? "" : qualifier + ".") + fkTable + "." + rs.getString("FKCOLUMN_NAME")
                                + " → " + parent.name() + " (ON DELETE " + action(rs.getShort("DELETE_RULE")) + ")");
                    }
                }
            }
        }
        return found;
    }

    private static String action(short rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> "CASCADE";
            case DatabaseMetaData.importedKeySetNull -> "SET NULL";
            case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
            case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
            default -> "NO ACTION";
        };
    }
}
