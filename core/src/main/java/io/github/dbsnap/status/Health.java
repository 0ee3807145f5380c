package io.github.dbsnap.status;

/** The health of one database's snapshots; see {@link StatusTracker} for the rules. */
public enum Health {
    /** The newest snapshot is recent enough and the last attempt succeeded. */
    OK,
    /** The newest good snapshot is too old: the schedule fired twice since it, or it is older than the maximum age. */
    STALE,
    /** The last snapshot or verification attempt failed after the last success, or storage cannot be listed. */
    FAILING,
    /** Nothing to judge: no snapshot and no schedule, or no snapshot yet within the first two periods. */
    UNKNOWN;

    /** @return true for {@link #OK} and {@link #UNKNOWN}: nothing an operator must act on */
    public boolean healthy() {
        return this == OK || this == UNKNOWN;
    }
}
