package io.github.dbsnap;

/**
 * The snapshot object is truncated, tampered with, incomplete (no valid manifest) or not a dbsnap
 * snapshot at all. Thrown before anything reaches live data.
 */
public class CorruptSnapshotException extends DbsnapException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with which snapshot */
    public CorruptSnapshotException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the decoder's exception */
    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
