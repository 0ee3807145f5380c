package io.github.dbsnap.redis;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.spi.SchedulerLockFactory;

/** Creates the {@code redis} scheduler lock ({@code SNAPSHOTS_LOCK_REDIS_URL}), shared by several instances. */
public final class RedisSchedulerLockFactory implements SchedulerLockFactory {
    /** The lock's name. */
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    /** @param config needs {@code url}: {@code redis://[user:pass@]host:port/db} or {@code rediss://…} */
    @Override
    public SchedulerLock create(ProviderConfig config) {
        return RedisSchedulerLock.create(config.required("url"));
    }
}
