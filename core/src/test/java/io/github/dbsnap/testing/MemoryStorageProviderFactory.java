package io.github.dbsnap.testing;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates {@link MemoryStorageProvider}s (name {@code memory}), registered for ServiceLoader in core's
 * test resources only. Settings: {@code store} (name of an in-JVM store; providers on one name share
 * objects; default a new store each time) and {@code prefix} (a folder ending with {@code /}).
 */
public final class MemoryStorageProviderFactory implements StorageProviderFactory {
    /** The provider name. */
    public static final String NAME = "memory";

    // a test double's stores live as long as the JVM, so that two providers can see one store
    private static final Map<String, MemoryStorageProvider.Store> STORES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageProvider create(ProviderConfig config) {
        MemoryStorageProvider.Store store = config.optional("store")
                .map(s -> STORES.computeIfAbsent(s, n -> new MemoryStorageProvider.Store()))
                .orElseGet(MemoryStorageProvider.Store::new);
        return new MemoryStorageProvider(store, config.optional("prefix").orElse(""), Clock.systemUTC());
    }
}
