package io.github.dbsnap.testing;

import io.github.dbsnap.spi.StorageProviderContract;
import io.github.dbsnap.spi.StorageProviderFactory;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory test double keeps the same contract as the real providers. */
class MemoryStorageProviderTest extends StorageProviderContract {
    @Override
    protected StorageProviderFactory factory() {
        return new MemoryStorageProviderFactory();
    }

    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("store", UUID.randomUUID().toString());
    }

    /** Listing a map has no pages. */
    @Override
    protected Map<String, String> smallPageSettings() {
        return Map.of();
    }

    /** A write buffers in the calling thread; none may still be buffering. */
    @Override
    protected void assertNoLeftovers() {
        assertThat(((MemoryStorageProvider) provider).pendingWrites()).isZero();
    }

    @Override
    protected void createDirectoryMarker(String name) {
        ((MemoryStorageProvider) provider).putDirectoryMarker(name);
    }

    /** Nothing of a write outlives the JVM it ran in, so a crash leaves nothing behind. */
    @Override
    protected boolean plantLeftover(String key) {
        return false;
    }
}
