/**
 * The {@code sqlite} source (file-level, SQLite's online backup API; package
 * {@code io.github.dbsnap.sqlite}) and the {@code jdbc} source (table-level CSV for PostgreSQL,
 * MySQL/MariaDB and SQLite; package {@code io.github.dbsnap.jdbc}). JDBC drivers are the host's.
 */
module io.github.dbsnap.jdbc {
    requires io.github.dbsnap;
    requires org.slf4j;
    requires java.sql;
    requires com.fasterxml.jackson.databind;
    requires org.xerial.sqlitejdbc;

    exports io.github.dbsnap.jdbc;
    exports io.github.dbsnap.sqlite;

    provides io.github.dbsnap.spi.DatabaseSourceFactory with
            io.github.dbsnap.sqlite.SqliteSourceFactory,
            io.github.dbsnap.jdbc.JdbcSourceFactory;
}
