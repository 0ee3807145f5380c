package io.github.dbsnap.testing;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link StorageProvider} for tests of code above the SPI (service, scheduler, sources).
 * Holds whole objects in memory, so it is only for small test snapshots. Real backends are tested
 * through {@code StorageProviderContract}.
 */
public final class MemoryStorageProvider implements StorageProvider {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, Instant> times = new ConcurrentHashMap<>();
    private final Clock clock;

    /** A provider using the system clock for object times. */
    public MemoryStorageProvider() {
        this(Clock.systemUTC());
    }

    /** @param clock gives each written object its time */
    public MemoryStorageProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public URI location() {
        return URI.create("memory:/");
    }

    @Override
    public URI uri(String key) {
        return URI.create("memory:/" + StorageKeys.validate(key));
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"memory".equals(uri.getScheme())) {
            return Optional.empty();
        }
        return Optional.of(StorageKeys.validate(uri.getPath().substring(1)));
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        StorageKeys.validate(key);
        if (objects.containsKey(key)) {
            throw new SnapshotExistsException(key, "memory:/");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            data.transferTo(buf);
        } catch (IOException e) {
            throw new StorageException("writing '" + key + "' failed: " + e.getMessage(), e);
        }
        if (objects.putIfAbsent(key, buf.toByteArray()) != null) {
            throw new SnapshotExistsException(key, "memory:/");
        }
        times.put(key, clock.instant());
        return new StoredObject(key, buf.size(), times.get(key));
    }

    @Override
    public InputStream read(String key) {
        byte[] b = objects.get(StorageKeys.validate(key));
        if (b == null) {
            throw new SnapshotNotFoundException(key, "memory:/");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        byte[] b = objects.get(StorageKeys.validate(key));
        return b == null ? Optional.empty() : Optional.of(new StoredObject(key, b.length, times.get(key)));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(new StoredObject(k, v.length, times.get(k)));
            }
        });
        return out;
    }

    @Override
    public void delete(String key) {
        objects.remove(StorageKeys.validate(key));
        times.remove(key);
    }

    /** @return a copy of an object's bytes, for corrupting it in tests */
    public byte[] bytes(String key) {
        return objects.get(key).clone();
    }

    /** Stores bytes under a key directly, replacing what is there (to plant corrupt snapshots). */
    public void put(String key, byte[] content) {
        objects.put(StorageKeys.validate(key), content.clone());
        times.put(key, clock.instant());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
