package io.github.dbsnap;

/** A snapshot key or URI that is malformed or would leave the storage root ({@code ..}, absolute, symlink). */
public class InvalidStorageKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** @param message names the key and why it is refused */
    public InvalidStorageKeyException(String message) {
        super(message);
    }
}
