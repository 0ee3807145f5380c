package io.github.dbsnap.testing;

import io.github.dbsnap.InvalidStorageKeyException;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link StorageProvider} for tests of code above the SPI (service, scheduler, sources).
 * Holds whole objects in memory, so it is only for small test snapshots. It runs the
 * {@code StorageProviderContract} too ({@code MemoryStorageProviderTest}); providers made by
 * {@link MemoryStorageProviderFactory} with the same {@code store} name share their objects.
 */
public final class MemoryStorageProvider implements StorageProvider {
    /** Objects of one store, by full name; shared by the providers on that store. */
    record Store(String id, Map<String, byte[]> objects, Map<String, Instant> times) {
        private static final AtomicInteger COUNT = new AtomicInteger();

        Store() {
            this("store-" + COUNT.incrementAndGet(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private final Store store;
    private final String prefix;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();

    /** A provider using the system clock for object times. */
    public MemoryStorageProvider() {
        this(Clock.systemUTC());
    }

    /** @param clock gives each written object its time */
    public MemoryStorageProvider(Clock clock) {
        this(new Store(), "", clock);
    }

    MemoryStorageProvider(Store store, String prefix, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.clock = clock;
    }

    private String name(String key) {
        return prefix + StorageKeys.validate(key);
    }

    @Override
    public String name() {
        return MemoryStorageProviderFactory.NAME;
    }

    @Override
    public URI location() {
        return URI.create("memory://" + store.id() + "/" + prefix); // distinct stores are distinct storages
    }

    @Override
    public URI uri(String key) {
        return URI.create("memory:/" + name(key));
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"memory".equals(uri.getScheme())) {
            return Optional.empty();
        }
        String path = uri.getPath().substring(1);
        if (!path.startsWith(prefix)) {
            throw new InvalidStorageKeyException("'" + uri + "' is outside the storage root " + location());
        }
        return Optional.of(StorageKeys.validate(path.substring(prefix.length())));
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        String name = name(key);
        if (store.objects().containsKey(name)) {
            throw new SnapshotExistsException(key, location().toString());
        }
        pending.incrementAndGet();
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try {
                data.transferTo(buf);
            } catch (IOException e) {
                throw new StorageException("writing '" + key + "' failed: " + e.getMessage(), e);
            }
            Instant now = clock.instant();
            store.times().put(name, now);
            if (store.objects().putIfAbsent(name, buf.toByteArray()) != null) {
                throw new SnapshotExistsException(key, location().toString());
            }
            return new StoredObject(key, buf.size(), now);
        } finally {
            pending.decrementAndGet();
        }
    }

    @Override
    public InputStream read(String key) {
        byte[] b = store.objects().get(name(key));
        if (b == null) {
            throw new SnapshotNotFoundException(key, location().toString());
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        String name = name(key);
        byte[] b = store.objects().get(name);
        return b == null ? Optional.empty() : Optional.of(new StoredObject(key, b.length, store.times().get(name)));
    }

    @Override
    public List<StoredObject> list(String keyPrefix) {
        List<StoredObject> out = new ArrayList<>();
        store.objects().forEach((name, v) -> {
            if (name.startsWith(prefix + keyPrefix) && !name.endsWith("/")) {
                out.add(new StoredObject(name.substring(prefix.length()), v.length, store.times().get(name)));
            }
        });
        return out;
    }

    @Override
    public void delete(String key) {
        String name = name(key);
        store.objects().remove(name);
        store.times().remove(name);
    }

    /** @return how many writes are buffering right now */
    public int pendingWrites() {
        return pending.get();
    }

    /** @return a copy of an object's bytes, for corrupting it in tests */
    public byte[] bytes(String key) {
        return store.objects().get(name(key)).clone();
    }

    /** Stores bytes under a key directly, replacing what is there (to plant corrupt snapshots). */
    public void put(String key, byte[] content) {
        String name = name(key);
        store.objects().put(name, content.clone());
        store.times().put(name, clock.instant());
    }

    /** Stores an empty entry named {@code dir} (ending with {@code /}), as other tools leave directory markers. */
    public void putDirectoryMarker(String dir) {
        store.objects().put(prefix + dir, new byte[0]);
        store.times().put(prefix + dir, clock.instant());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
