package io.github.dbsnap.reliability;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.ForwardingStorage;
import io.github.dbsnap.spi.StoredObject;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage that holds the first {@code parties} writes until all of them have arrived (at most five
 * seconds), so that writers which checked the same key beforehand really race for it, and counts the
 * writes refused because the key was taken.
 */
final class RacingStorage extends ForwardingStorage {
    private final CountDownLatch arrived;
    private final AtomicInteger clashes = new AtomicInteger();

    RacingStorage(StorageProvider d, int parties) {
        super(d);
        this.arrived = new CountDownLatch(parties);
    }

    int clashes() {
        return clashes.get();
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        arrived.countDown();
        try {
            arrived.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return delegate.write(key, data);
        } catch (SnapshotExistsException e) {
            clashes.incrementAndGet();
            throw e;
        }
    }
}
