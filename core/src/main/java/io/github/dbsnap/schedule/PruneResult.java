package io.github.dbsnap.schedule;

import io.github.dbsnap.SnapshotInfo;

import java.time.Duration;
import java.util.List;

/**
 * What a retention pass kept and deleted (or, on a dry run, would delete).
 *
 * @param kept    snapshots kept, newest first; copied
 * @param deleted snapshots deleted or to delete, newest first; copied
 * @param dryRun  true when nothing was actually deleted
 * @param took    wall-clock duration of the pass ({@link Duration#ZERO} when not measured)
 */
public record PruneResult(List<SnapshotInfo> kept, List<SnapshotInfo> deleted, boolean dryRun, Duration took) {
    /** Copies the lists. */
    public PruneResult {
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
        took = took == null ? Duration.ZERO : took;
    }

    /** A result without a measured duration. */
    public PruneResult(List<SnapshotInfo> kept, List<SnapshotInfo> deleted, boolean dryRun) {
        this(kept, deleted, dryRun, Duration.ZERO);
    }
}
