package io.github.dbsnap;

/** A snapshot object with that key already exists; snapshots are never overwritten. */
public class SnapshotExistsException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /** @param key the existing key; @param location the storage it is in, without credentials */
    public SnapshotExistsException(String key, String location) {
        super("snapshot '" + key + "' already exists in " + location + "; snapshots are never overwritten");
        this.key = key;
    }

    /** @return the key that already exists */
    public String getKey() {
        return key;
    }
}
