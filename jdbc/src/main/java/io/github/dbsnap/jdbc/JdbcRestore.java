package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restore staged inside one open transaction on the target: the snapshot's tables were checked
 * against the target, emptied and reloaded, but nothing is visible to others until {@link #commit()}.
 * {@link #close()} without commit rolls back.
 */
final class JdbcRestore implements StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(JdbcRestore.class);
    private final JdbcSourceConfig config;
    private final Dialect dialect;
    private final Redactor redactor;
    private final Connection c;
    private final List<TableDef> loaded = new ArrayList<>();
    private String schema;
    private boolean done;

    JdbcRestore(JdbcSourceConfig config, Dialect dialect, Redactor redactor, Connection c) {
        this.config = config;
        this.dialect = dialect;
        this.redactor = redactor;
        this.c = c;
    }

    /** Checks, empties and loads; on any failure rolls back, closes the connection and rethrows. */
    JdbcRestore stage(EntryReader in) throws IOException, SQLException {
        try {
            dialect.prepareSession(c);
            c.setAutoCommit(false);
            schema = config.schema() != null ? config.schema() : dialect.currentSchema(c);
            SchemaDoc snapshot = readSchema(in);
            List<TableDef> target = new SchemaReader(dialect).read(c, schema, t -> true);
            Map<String, TableDef> pairs = match(snapshot, target);
            new RestoreGuard(dialect).check(c, schema, pairs.values());
            dialect.deferConstraints(c);
            empty(pairs);
            Loader loader = dialect.loader(new TableLoader(dialect, config.batchSize(), config.skipMissing(),
                    config.maxRowSize()), config);
            Map<String, TableDef> byEntry = new HashMap<>();
            snapshot.tables().forEach(t -> byEntry.put(t.entry(), t));
            long rows = 0;
            PartReader entries = new PartReader(in);
            for (Optional<ArchiveEntry> e = entries.next(); e.isPresent(); e = entries.next()) {
                TableDef source = byEntry.get(e.get().name());
                if (source == null) {
                    throw new IOException("unexpected entry '" + e.get().name() + "' in a jdbc snapshot");
                }
                TableDef dest = pairs.get(source.name());
                if (dest != null) {
                    rows += loader.load(c, schema, source, dest, e.get().content());
                    loaded.add(dest);
                }
            }
            log.debug("Staged {} rows into {} tables", rows, loaded.size());
            return this;
        } catch (IOException | SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static SchemaDoc readSchema(EntryReader in) throws IOException {
        Optional<ArchiveEntry> first = in.next();
        if (first.isEmpty() || !first.get().name().equals(SchemaDoc.ENTRY)) {
            throw new IOException("a jdbc snapshot starts with " + SchemaDoc.ENTRY + "; found "
                    + first.map(ArchiveEntry::name).orElse("no entry"));
        }
        SchemaDoc doc = SchemaJson.read(first.get().content());
        if (!SchemaDoc.FORMAT.equals(doc.format())) {
            throw new DatabaseSourceException("unsupported schema.json format '" + doc.format() + "'; expected "
                    + SchemaDoc.FORMAT);
        }
        return doc;
    }

    /** @return snapshot table name → target table, for the selected tables; fails listing everything missing */
    private Map<String, TableDef> match(SchemaDoc snapshot, List<TableDef> target) {
        Map<String, TableDef> pairs = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (TableDef t : snapshot.tables()) {
            if (!config.selects(t.name())) {
                continue;
            }
            Optional<TableDef> dest = SchemaDoc.find(target, t.name());
            if (dest.isEmpty()) {
                missing.add("table " + t.name());
                continue;
            }
            for (ColumnDef col : t.columns()) {
                if (dest.get().column(col.name()).isEmpty()) {
                    missing.add("column " + t.name() + "." + col.name());
                }
            }
            pairs.put(t.name(), dest.get());
        }
        if (!missing.isEmpty()) {
            if (!config.skipMissing()) {
                throw new DatabaseSourceException("the target " + (schema == null ? "database" : "schema '" + schema + "'")
                        + " lacks " + String.join(", ", missing) + "; nothing was changed (create them through the "
                        + "application's migrations, or set skip-missing to restore the rest)");
            }
            log.warn("Restore skips what the target lacks: {}", String.join(", ", missing));
        }
        return pairs;
    }

    /** Deletes every row of the restored tables, children before parents (by the target's foreign keys). */
    private void empty(Map<String, TableDef> pairs) throws SQLException {
        List<TableDef> order = new ArrayList<>(TableOrder.parentsFirst(new ArrayList<>(pairs.values())));
        Collections.reverse(order);
        try (Statement st = c.createStatement()) {
            for (TableDef t : order) {
                st.executeUpdate("DELETE FROM " + dialect.table(schema, t.name()));
            }
        }
    }

    @Override
    public void commit() {
        if (done) {
            throw new IllegalStateException("restore already committed or discarded");
        }
        try {
            c.commit();
            done = true;
        } catch (SQLException e) {
            close();
            throw redactor.failure("committing the restore failed (the transaction was rolled back)", e);
        }
        try {
            c.setAutoCommit(true);
            dialect.restoreConstraints(c);
            dialect.moveCounters(c, schema, loaded);
        } catch (SQLException e) {
            throw redactor.failure("the data was restored, but moving sequences/auto-increment counters failed", e);
        } finally {
            JdbcSource.closeQuietly(c, redactor);
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                c.rollback();
            } catch (SQLException e) {
                log.warn("Rolling back the staged restore failed (the connection closes anyway): {}",
                        redactor.redact(e.toString()));
            }
        }
        JdbcSource.closeQuietly(c, redactor);
    }
}
