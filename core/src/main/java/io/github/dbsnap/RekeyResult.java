package io.github.dbsnap;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SnapshotService#rekey} did, snapshot by snapshot, in the order it went through them.
 *
 * @param entries one per snapshot considered
 * @param took    wall-clock time of the whole run
 */
public record RekeyResult(List<Entry> entries, Duration took) {
    /** Copies the list. */
    public RekeyResult {
        entries = List.copyOf(entries);
        Objects.requireNonNull(took, "took");
    }

    /** What happened to one snapshot. */
    public enum Outcome {
        /** a new object with the new header was written under {@link Entry#target()} */
        REKEYED,
        /** {@link Entry#target()} already existed (an earlier run wrote it), or the snapshot is itself the target */
        ALREADY_REKEYED,
        /** the snapshot is not age-encrypted, so it has no header to rewrite */
        NOT_ENCRYPTED
    }

    /**
     * @param source        key of the snapshot read
     * @param target        key of the rekeyed object (null when not encrypted)
     * @param outcome       what happened
     * @param sourceDeleted whether the source was deleted (only when asked, and only once the target existed)
     */
    public record Entry(String source, String target, Outcome outcome, boolean sourceDeleted) {
        /** Validates the components. */
        public Entry {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** @return how many snapshots got a new object in this run */
    public long rekeyed() {
        return entries.stream().filter(e -> e.outcome() == Outcome.REKEYED).count();
    }
}
