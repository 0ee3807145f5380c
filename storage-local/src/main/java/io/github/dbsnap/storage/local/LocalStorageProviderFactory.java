package io.github.dbsnap.storage.local;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

/** Creates the {@code local} provider: snapshots as files under one directory. */
public final class LocalStorageProviderFactory implements StorageProviderFactory {
    /** The provider's name. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageProvider create(ProviderConfig config) {
        return create(LocalStorageConfig.from(config));
    }

    /** @return a provider on the configured directory, created when missing */
    public StorageProvider create(LocalStorageConfig config) {
        return new LocalStorageProvider(config.dir());
    }
}
