package io.github.dbsnap;

/** Dumping or restoring a database failed; the live database is unchanged unless the message says otherwise. */
public class DatabaseSourceException extends DbsnapException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where */
    public DatabaseSourceException(String message) {
        super(message);
    }

    /** @param message what failed and where; @param cause driver or client exception */
    public DatabaseSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
