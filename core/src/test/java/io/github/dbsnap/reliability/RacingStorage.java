package io.github.dbsnap.reliability;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage that holds the first {@code parties} writes until all of them have arrived (at most five
 * seconds), so that writers which checked the same key beforehand really race for it, and counts the
 * writes refused because the key was taken.
 */
final class RacingStorage implements StorageProvider {
    private final StorageProvider d;
    private final CountDownLatch arrived;
    private final AtomicInteger clashes = new AtomicInteger();

    RacingStorage(StorageProvider d, int parties) {
        this.d = d;
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
            return d.write(key, data);
        } catch (SnapshotExistsException e) {
            clashes.incrementAndGet();
            throw e;
        }
    }

    @Override
    public String name() {
        return d.name();
    }

    @Override
    public URI location() {
        return d.location();
    }

    @Override
    public URI uri(String key) {
        return d.uri(key);
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        return d.keyOf(uri);
    }

    @Override
    public InputStream read(String key) {
        return d.read(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return d.stat(key);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return d.list(prefix);
    }

    @Override
    public void delete(String key) {
        d.delete(key);
    }

    @Override
    public void close() {
        d.close();
    }
}
