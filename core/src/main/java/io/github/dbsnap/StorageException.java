package io.github.dbsnap;

/** A storage backend failed (I/O, network, permissions). The cause is the backend's own exception. */
public class StorageException extends DbsnapException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where */
    public StorageException(String message) {
        super(message);
    }

    /** @param message what failed and where; @param cause backend exception */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
