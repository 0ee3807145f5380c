package io.github.dbsnap;

/** What a {@link SnapshotListener} is told about. */
public enum Operation {
    /** Taking a snapshot. */
    CREATE,
    /** Restoring a snapshot into live data. */
    RESTORE,
    /** Reading a snapshot back and checking it. */
    VERIFY,
    /** Deleting snapshots by retention policy. */
    PRUNE
}
