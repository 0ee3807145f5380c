package io.github.dbsnap.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;

/** Loads one CSV entry into a target table inside the restore's transaction. */
interface Loader {
    /**
     * @param source the table as dumped
     * @param target the table in the target database
     * @param csv    the entry, header first; not closed
     * @return rows loaded
     */
    long load(Connection c, String schema, TableDef source, TableDef target, InputStream csv)
            throws SQLException, IOException;
}
