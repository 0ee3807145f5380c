package io.github.dbsnap.schedule;

import io.github.dbsnap.SnapshotInfo;

import java.util.List;

/**
 * What a retention pass kept and deleted (or, on a dry run, would delete).
 *
 * @param kept    snapshots kept, newest first; copied
 * @param deleted snapshots deleted or to delete, newest first; copied
 * @param dryRun  true when nothing was actually deleted
 */
public record PruneResult(List<SnapshotInfo> kept, List<SnapshotInfo> deleted, boolean dryRun) {
    /** Copies the lists. */
    public PruneResult {
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
    }
}
