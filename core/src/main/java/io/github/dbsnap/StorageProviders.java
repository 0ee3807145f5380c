package io.github.dbsnap;

import io.github.dbsnap.internal.Plugins;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

import java.util.Map;
import java.util.Set;

/** Finds {@link StorageProviderFactory} implementations on the class path. */
public final class StorageProviders {
    private static final Map<String, String> ARTIFACTS = Map.of(
            "local", "io.github.dbsnap:dbsnap-storage-local",
            "s3", "io.github.dbsnap:dbsnap-storage-s3",
            "azure", "io.github.dbsnap:dbsnap-storage-azure");

    private StorageProviders() {
    }

    /** @return the names of the providers found */
    public static Set<String> available() {
        return Plugins.load(StorageProviderFactory.class, StorageProviderFactory::name).keySet();
    }

    /**
     * @param name   e.g. {@code s3}
     * @param config the provider's settings
     * @return a new provider; the caller closes it
     * @throws ConfigurationException when no provider has that name (listing those found and the artifact to add)
     */
    public static StorageProvider create(String name, ProviderConfig config) {
        return Plugins.find(StorageProviderFactory.class, StorageProviderFactory::name, "storage provider", name, ARTIFACTS)
                .create(config);
    }
}
