package io.github.dbsnap;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot read back completely with every checksum and authentication tag checked.
 *
 * @param snapshot    the snapshot verified
 * @param source      the source kind recorded in it
 * @param entries     its data entries
 * @param counts      counts from the manifest; copied
 * @param completedAt when the snapshot was completed, from its manifest
 * @param took        wall-clock duration of the read-back ({@link Duration#ZERO} when not measured)
 */
public record VerifyResult(SnapshotInfo snapshot, String source, List<Entry> entries, Map<String, Long> counts,
                           Instant completedAt, Duration took) {
    /** Validates and copies. */
    public VerifyResult {
        Objects.requireNonNull(snapshot, "snapshot");
        entries = List.copyOf(entries);
        counts = Map.copyOf(counts);
        took = took == null ? Duration.ZERO : took;
    }

    /** A result without a measured duration. */
    public VerifyResult(SnapshotInfo snapshot, String source, List<Entry> entries, Map<String, Long> counts,
                        Instant completedAt) {
        this(snapshot, source, entries, counts, completedAt, Duration.ZERO);
    }

    /** @return the total uncompressed size of the data entries, in bytes */
    public long dataSize() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /**
     * One data entry.
     *
     * @param name   entry name
     * @param size   size in bytes
     * @param sha256 lowercase hex SHA-256
     */
    public record Entry(String name, long size, String sha256) {
    }
}
