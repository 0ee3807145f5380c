package io.github.dbsnap;

import java.time.Duration;
import java.util.Objects;

/**
 * What went into a snapshot just stored, as told to {@link SnapshotListener#onCreated(SnapshotInfo, SnapshotStats)}.
 *
 * @param dataSize the uncompressed size of its data entries, from the manifest, in bytes
 * @param entries  the number of data entries
 * @param took     wall-clock duration of the whole create (dump, compression, encryption and upload)
 */
public record SnapshotStats(long dataSize, int entries, Duration took) {
    /** Validates the components. */
    public SnapshotStats {
        Objects.requireNonNull(took, "took");
    }

    /**
     * @param storedSize the stored object's size
     * @return stored size divided by data size (0.25 = stored in a quarter of the space), or
     *         {@link Double#NaN} when there is no data
     */
    public double compressionRatio(long storedSize) {
        return dataSize <= 0 ? Double.NaN : (double) storedSize / dataSize;
    }
}
