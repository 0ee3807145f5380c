package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;

/**
 * Creates the portable, table-level {@code jdbc} source: one CSV entry per table plus a
 * {@code schema.json}, restorable into PostgreSQL, MySQL/MariaDB or SQLite with an equivalent schema.
 * The JDBC driver for the URL must be on the class path; this module brings only SQLite's.
 * Stateless; settings are described by {@link JdbcSourceConfig}.
 */
public final class JdbcSourceFactory implements DatabaseSourceFactory {
    /** The source name, {@value}. */
    public static final String NAME = "jdbc";

    /** For {@link java.util.ServiceLoader}. */
    public JdbcSourceFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DatabaseSource create(ProviderConfig config) {
        return create(JdbcSourceConfig.from(config));
    }

    /** @return a source for these settings; opens no connection until used */
    public DatabaseSource create(JdbcSourceConfig config) {
        return new JdbcSource(config);
    }
}
