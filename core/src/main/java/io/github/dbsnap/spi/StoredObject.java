package io.github.dbsnap.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as a storage provider lists it.
 *
 * @param key          the provider-relative key, {@code /}-separated, never starting with {@code /}
 * @param size         size in bytes
 * @param lastModified when the backend says it was written
 */
public record StoredObject(String key, long size, Instant lastModified) {
    /** Validates the components. */
    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
    }
}
