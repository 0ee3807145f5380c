package io.github.dbsnap.redis;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;

/**
 * Creates the {@code redis} source: snapshots of a Redis server's logical database (or of every
 * primary of a Redis Cluster) through {@code DUMP}, restored through {@code RESTORE} into a staging
 * database and swapped in with {@code SWAPDB}. Settings are described by {@link RedisSourceConfig}.
 * Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class RedisSourceFactory implements DatabaseSourceFactory {
    /** The factory name, {@value}. */
    public static final String NAME = "redis";

    /** Used by {@link java.util.ServiceLoader}. */
    public RedisSourceFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Validates the settings; no connection is opened until the first dump or restore. */
    @Override
    public DatabaseSource create(ProviderConfig config) {
        return create(RedisSourceConfig.from(config));
    }

    /** @return a source for already validated settings; the caller closes it */
    public DatabaseSource create(RedisSourceConfig config) {
        return new RedisSource(config);
    }
}
