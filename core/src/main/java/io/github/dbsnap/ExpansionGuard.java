package io.github.dbsnap;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Stops reading a snapshot whose decompressed bytes outgrow its stored bytes by more than a ratio, once past a
 * floor: a small "bomb" would otherwise keep verify and restore busy for minutes or hours, and fill staging.
 * Told the decompressed total every few MiB by a {@link io.github.dbsnap.internal.CountingInputStream}.
 */
final class ExpansionGuard implements LongConsumer {
    private final LongSupplier stored;
    private final long ratio;
    private final long floor;
    private final String key;

    /**
     * @param stored how many stored (compressed) bytes were read so far
     * @param ratio  most decompressed bytes per stored byte
     * @param floor  decompressed bytes always allowed, whatever the ratio
     */
    ExpansionGuard(LongSupplier stored, long ratio, long floor, String key) {
        this.stored = stored;
        this.ratio = ratio;
        this.floor = floor;
        this.key = key;
    }

    @Override
    public void accept(long decompressed) {
        if (decompressed > floor && decompressed / ratio > stored.getAsLong()) {
            throw new CorruptSnapshotException("snapshot '" + key + "' expands more than " + ratio + " times ("
                    + decompressed + " bytes from " + stored.getAsLong() + " stored); refused as a decompression bomb. "
                    + "If it is genuine, raise SNAPSHOTS_MAX_EXPANSION_RATIO (0 = no limit)");
        }
    }
}
