package io.github.dbsnap;

import io.github.dbsnap.internal.Plugins;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.spi.SchedulerLockFactory;

import java.util.Map;

/** Finds {@link SchedulerLockFactory} implementations on the class path. */
public final class SchedulerLocks {
    private static final Map<String, String> ARTIFACTS = Map.of("redis", "io.github.dbsnap:dbsnap-redis");

    private SchedulerLocks() {
    }

    /**
     * @param name   e.g. {@code redis}
     * @param config the lock's settings
     * @return a new lock client; the caller closes it when it is {@link AutoCloseable}
     * @throws ConfigurationException when no lock has that name (listing those found and the artifact to add)
     */
    public static SchedulerLock create(String name, ProviderConfig config) {
        return Plugins.find(SchedulerLockFactory.class, SchedulerLockFactory::name, "scheduler lock", name, ARTIFACTS)
                .create(config);
    }
}
