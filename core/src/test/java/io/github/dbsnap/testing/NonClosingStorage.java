package io.github.dbsnap.testing;

import io.github.dbsnap.spi.StorageProvider;

/** Lends a storage provider to several services without letting them close it. */
public final class NonClosingStorage extends ForwardingStorage {
    /** @param delegate the provider to lend */
    public NonClosingStorage(StorageProvider delegate) {
        super(delegate);
    }

    @Override
    public void close() {
        // the lender closes it
    }
}
