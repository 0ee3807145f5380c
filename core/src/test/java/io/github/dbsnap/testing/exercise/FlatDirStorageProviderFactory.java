package io.github.dbsnap.testing.exercise;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

/** Creates {@code flatdir} providers: every object one file in a single directory. */
public final class FlatDirStorageProviderFactory implements StorageProviderFactory {
    /** The provider name. */
    public static final String NAME = "flatdir";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageProvider create(ProviderConfig config) {
        return new FlatDirStorageProvider(FlatDirStorageConfig.from(config));
    }
}
