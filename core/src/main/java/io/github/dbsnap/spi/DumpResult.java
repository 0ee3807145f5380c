package io.github.dbsnap.spi;

import java.util.Map;

/**
 * What a dump wrote, for the manifest.
 *
 * @param counts named counts such as {@code rows.users} or {@code keys}; copied
 */
public record DumpResult(Map<String, Long> counts) {
    /** Copies the map. */
    public DumpResult {
        counts = Map.copyOf(counts);
    }

    /** @return a result without counts */
    public static DumpResult empty() {
        return new DumpResult(Map.of());
    }
}
