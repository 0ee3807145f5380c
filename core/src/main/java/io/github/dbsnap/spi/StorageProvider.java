package io.github.dbsnap.spi;

import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A place where snapshot objects live: a directory, an S3 bucket, an Azure container.
 *
 * <p>Keys are provider-relative, {@code /}-separated, never start with {@code /}, and contain no
 * empty, {@code .} or {@code ..} segments; a key that does not follow these rules is refused with
 * {@link InvalidStorageKeyException} (see {@code io.github.dbsnap.spi.StorageKeys}). Implementations are
 * thread-safe. Backend exceptions are translated to {@link StorageException} subtypes with the
 * cause kept.
 */
public interface StorageProvider extends AutoCloseable {

    /** @return the factory name of this provider, e.g. {@code "local"} */
    String name();

    /** @return where this provider stores, as a URI without credentials (for messages and listings) */
    URI location();

    /**
     * @param key a valid key
     * @return the full URI of that key, as accepted back by {@link #keyOf(URI)}
     *         ({@code file:///abs/path}, {@code s3://bucket/key}, {@code azure://container/blob})
     */
    URI uri(String key);

    /**
     * Maps a full URI back to a key of this provider.
     *
     * @param uri a full URI such as {@code s3://bucket/prefix/key}
     * @return the key, or empty when the URI does not point into this provider
     * @throws InvalidStorageKeyException when the URI points here but escapes the root
     */
    Optional<String> keyOf(URI uri);

    /**
     * Stores a new object, reading {@code data} to its end. Atomic: the object becomes visible only
     * when all of it was written; if reading {@code data} throws, or anything else fails, no object
     * becomes visible and the provider removes what it staged (temp files, multipart uploads, blocks).
     * Memory stays bounded whatever the size. The provider does not close {@code data}.
     *
     * @return the stored object
     * @throws SnapshotExistsException when the key exists already; it is never overwritten
     * @throws StorageException        on any backend failure, or when reading {@code data} failed
     */
    StoredObject write(String key, InputStream data);

    /**
     * Stores a new object made of {@code head} followed by the bytes of the existing object
     * {@code source} from {@code offset} to its end, with the same guarantees as {@link #write}: atomic,
     * never overwriting, nothing left behind on failure; {@code source} is not changed. Used to give a
     * stored snapshot a new header (age key rotation) without passing its payload through the JVM where the
     * backend can copy server-side or in the kernel. The default reads {@code source} and calls
     * {@link #write}. The provider does not close {@code head}.
     *
     * @param key    the new object's key
     * @param head   the bytes that come first
     * @param source an existing object's key
     * @param offset where in {@code source} the copied tail starts, at most its size
     * @return the stored object
     * @throws SnapshotNotFoundException when {@code source} does not exist
     * @throws SnapshotExistsException   when {@code key} exists already
     * @throws StorageException          on any backend failure
     */
    default StoredObject writeComposed(String key, InputStream head, String source, long offset) {
        try (InputStream tail = read(source)) {
            tail.skipNBytes(offset);
            return write(key, new java.io.SequenceInputStream(head, tail));
        } catch (java.io.EOFException e) {
            throw new StorageException("object '" + source + "' is shorter than " + offset + " bytes", e);
        } catch (java.io.IOException e) {
            throw new StorageException("reading '" + source + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an object for streaming reads. The caller closes the stream.
     *
     * @throws SnapshotNotFoundException when there is no such object
     */
    InputStream read(String key);

    /** @return the object's metadata, or empty when it does not exist */
    Optional<StoredObject> stat(String key);

    /**
     * Lists every object whose key starts with {@code prefix} (all pages), in no particular order.
     * Directory markers and staging leftovers are not listed.
     *
     * @param prefix a key prefix, possibly empty
     */
    List<StoredObject> list(String prefix);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key);

    /**
     * Removes what writes interrupted by a crash left behind, which no reader sees and {@link #list}
     * never shows (temp files, open multipart uploads), when older than {@code olderThan}, so that
     * writes still running in other processes are not disturbed. Only this provider's own leftovers
     * under its root or prefix are touched; stored snapshots never are. Default: nothing to clean.
     *
     * @return how many leftovers were removed
     * @throws StorageException when listing or removing failed
     */
    default int cleanup(Duration olderThan) {
        return 0;
    }

    /** Releases clients and threads. Idempotent. */
    @Override
    void close();
}
