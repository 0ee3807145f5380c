package io.github.dbsnap.testing;

import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A storage provider passing everything to another one; tests override what they need to change. */
public class ForwardingStorage implements StorageProvider {
    /** The provider everything goes to. */
    protected final StorageProvider delegate;

    /** @param delegate the provider everything goes to */
    public ForwardingStorage(StorageProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public URI location() {
        return delegate.location();
    }

    @Override
    public URI uri(String key) {
        return delegate.uri(key);
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        return delegate.keyOf(uri);
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        return delegate.write(key, data);
    }

    @Override
    public InputStream read(String key) {
        return delegate.read(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
