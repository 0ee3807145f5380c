package io.github.dbsnap.archive;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last entry of every snapshot, {@code manifest.json}. A snapshot without a valid manifest is
 * incomplete and never restored.
 *
 * @param format      {@value Formats#FORMAT}
 * @param entries     every data entry in archive order
 * @param counts      row/key counts reported by the source
 * @param completedAt when the dump finished, ISO-8601 UTC
 */
public record Manifest(String format, List<Entry> entries, Map<String, Long> counts, String completedAt) {
    /** Validates and copies. */
    public Manifest {
        Objects.requireNonNull(format, "format");
        entries = entries == null ? List.of() : List.copyOf(entries);
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    /**
     * A data entry.
     *
     * @param name   entry name
     * @param size   bytes
     * @param sha256 lowercase hex SHA-256 of the content
     */
    public record Entry(String name, long size, String sha256) {
        /** Refuses entries a reader could not check: a missing name or checksum, a negative size. */
        public Entry {
            if (name == null || sha256 == null || size < 0) {
                throw new IllegalArgumentException("manifest entry without a name, a size or a SHA-256");
            }
        }
    }
}
