package io.github.dbsnap;

/**
 * Told about snapshot activity; every method has a no-op default. Called on the thread doing the
 * work, so implementations return quickly and must not throw (a throwing listener is logged and
 * ignored). Implementations must be thread-safe when the service is used from several threads.
 */
public interface SnapshotListener {

    /** Bytes transferred so far by a running operation (stored bytes for create, read bytes for restore and verify). */
    default void onProgress(String database, Operation operation, long bytes) {
    }

    /** A snapshot was stored completely. */
    default void onCreated(SnapshotInfo snapshot) {
    }

    /**
     * A snapshot was stored completely, with its data size and duration. This is what the service
     * calls; the default calls {@link #onCreated(SnapshotInfo)}, so override one or the other.
     */
    default void onCreated(SnapshotInfo snapshot, SnapshotStats stats) {
        onCreated(snapshot);
    }

    /** A snapshot was restored into live data: the host should reload whatever it cached. */
    default void onRestored(RestoreResult result) {
    }

    /** A snapshot was read back and every check passed. */
    default void onVerified(VerifyResult result) {
    }

    /** An operation failed; for restores the live data is unchanged. */
    default void onFailure(String database, Operation operation, DbsnapException error) {
    }
}
