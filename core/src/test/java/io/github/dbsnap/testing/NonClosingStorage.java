package io.github.dbsnap.testing;

import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Lends a storage provider to several services without letting them close it. */
public final class NonClosingStorage implements StorageProvider {
    private final StorageProvider d;

    /** @param d the provider to lend */
    public NonClosingStorage(StorageProvider d) {
        this.d = d;
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
    public StoredObject write(String key, InputStream data) {
        return d.write(key, data);
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
        // the lender closes it
    }
}
