package io.github.dbsnap;

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
 */
public record VerifyResult(SnapshotInfo snapshot, String source, List<Entry> entries, Map<String, Long> counts,
                           Instant completedAt) {
    /** Validates and copies. */
    public VerifyResult {
        Objects.requireNonNull(snapshot, "snapshot");
        entries = List.copyOf(entries);
        counts = Map.copyOf(counts);
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
