package io.github.dbsnap;

/** The snapshot object does not exist in storage. */
public class SnapshotNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /** @param key the missing key; @param location where it was looked for, without credentials */
    public SnapshotNotFoundException(String key, String location) {
        super("snapshot '" + key + "' not found in " + location);
        this.key = key;
    }

    /** @return the key that was not found */
    public String getKey() {
        return key;
    }
}
