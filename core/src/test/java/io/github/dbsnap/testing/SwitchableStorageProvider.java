package io.github.dbsnap.testing;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MemoryStorageProvider} that can be made unreachable: then every call that would reach the
 * backend throws {@link StorageException}, as a storage outage does.
 */
public final class SwitchableStorageProvider implements StorageProvider {
    private final MemoryStorageProvider delegate;
    private volatile boolean reachable = true;

    /** @param clock gives each written object its time */
    public SwitchableStorageProvider(Clock clock) {
        this.delegate = new MemoryStorageProvider(clock);
    }

    /** @return the memory storage behind it, to plant objects directly */
    public MemoryStorageProvider memory() {
        return delegate;
    }

    /** Makes the backend reachable or not. */
    public void reachable(boolean reachable) {
        this.reachable = reachable;
    }

    private void check() {
        if (!reachable) {
            throw new StorageException("storage unreachable: connection refused", new java.net.ConnectException("refused"));
        }
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
        check();
        return delegate.write(key, data);
    }

    @Override
    public InputStream read(String key) {
        check();
        return delegate.read(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        check();
        return delegate.stat(key);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        check();
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        check();
        delegate.delete(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
