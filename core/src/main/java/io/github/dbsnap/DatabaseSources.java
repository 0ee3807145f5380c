package io.github.dbsnap;

import io.github.dbsnap.internal.Plugins;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;

import java.util.Map;
import java.util.Set;

/** Finds {@link DatabaseSourceFactory} implementations on the class path. */
public final class DatabaseSources {
    private static final Map<String, String> ARTIFACTS = Map.of(
            "sqlite", "io.github.dbsnap:dbsnap-jdbc",
            "jdbc", "io.github.dbsnap:dbsnap-jdbc",
            "redis", "io.github.dbsnap:dbsnap-redis");

    private DatabaseSources() {
    }

    /** @return the names of the sources found */
    public static Set<String> available() {
        return Plugins.load(DatabaseSourceFactory.class, DatabaseSourceFactory::name).keySet();
    }

    /**
     * @param name   e.g. {@code sqlite}
     * @param config the source's settings
     * @return a new source; the caller closes it
     * @throws ConfigurationException when no source has that name (listing those found and the artifact to add)
     */
    public static DatabaseSource create(String name, ProviderConfig config) {
        return Plugins.find(DatabaseSourceFactory.class, DatabaseSourceFactory::name, "database source", name, ARTIFACTS)
                .create(config);
    }
}
