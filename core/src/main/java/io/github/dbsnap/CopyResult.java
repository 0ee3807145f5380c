package io.github.dbsnap;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SnapshotService#copy} did, snapshot by snapshot, in key order.
 *
 * @param entries one per snapshot considered
 * @param took    wall-clock time of the whole run
 */
public record CopyResult(List<Entry> entries, Duration took) {
    /** Copies the list. */
    public CopyResult {
        entries = List.copyOf(entries);
        Objects.requireNonNull(took, "took");
    }

    /** What happened to one snapshot. */
    public enum Outcome {
        /** the snapshot was read, verified and written to the target */
        COPIED,
        /** the target already held a copy of it (same source SHA-256, see docs/copy.md); nothing was written */
        ALREADY_COPIED
    }

    /** How the target's bytes relate to the source's. */
    public enum Transform {
        /** byte for byte the source object */
        UNCHANGED,
        /** the age header rewritten for new recipients, the payload byte for byte */
        HEADER_REWRITTEN,
        /** an unencrypted source encrypted for the target */
        ENCRYPTED
    }

    /**
     * @param source    key of the snapshot read (in the source storage)
     * @param target    full URI of the copy
     * @param outcome   what happened
     * @param transform how the copy's bytes were made
     * @param sha256    lowercase hex SHA-256 of the copy's bytes
     * @param size      size of the copy in bytes
     * @param signed    whether the copy has a signature sidecar at the target
     */
    public record Entry(String source, URI target, Outcome outcome, Transform transform, String sha256, long size,
                        boolean signed) {
        /** Validates the components. */
        public Entry {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(transform, "transform");
        }
    }

    /** @return how many snapshots were written in this run */
    public long copied() {
        return entries.stream().filter(e -> e.outcome() == Outcome.COPIED).count();
    }
}
