package io.github.dbsnap.sqlite;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;

/** Creates the file-level {@code sqlite} source, which snapshots the database file with SQLite's online backup API. */
public final class SqliteSourceFactory implements DatabaseSourceFactory {
    /** The source's name. */
    public static final String NAME = "sqlite";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DatabaseSource create(ProviderConfig config) {
        return create(SqliteSourceConfig.from(config));
    }

    /** @return a source for the configured database; no connection is opened until it is used */
    public DatabaseSource create(SqliteSourceConfig config) {
        return new SqliteSource(config);
    }
}
