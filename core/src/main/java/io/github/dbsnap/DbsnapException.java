package io.github.dbsnap;

/**
 * Root of every exception dbsnap throws. Unchecked: callers catch the subtype they can act on.
 * Messages say what failed and where; they never contain secrets or key material.
 */
public class DbsnapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where */
    public DbsnapException(String message) {
        super(message);
    }

    /** @param message what failed and where; @param cause the underlying failure, kept for diagnosis */
    public DbsnapException(String message, Throwable cause) {
        super(message, cause);
    }
}
