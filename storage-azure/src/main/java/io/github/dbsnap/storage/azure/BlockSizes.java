package io.github.dbsnap.storage.azure;

/**
 * The block-size schedule of an upload. A block blob holds at most {@value #MAX_BLOCKS} blocks, and
 * the length of a stream is not known in advance, so blocks start at the configured size and double
 * after every {@value #BLOCKS_PER_STEP} blocks, up to Azure's {@link #MAX_BLOCK_SIZE}. Uploads below
 * {@code 5000 × base} (39 GiB at 8 MiB) never grow; at 8 MiB the 50,000 blocks reach about 38.5 TiB.
 */
final class BlockSizes {
    /** Azure's largest block: 4000 MiB. */
    static final long MAX_BLOCK_SIZE = 4000L * 1024 * 1024;
    /** Azure's limit of committed blocks in one block blob. */
    static final int MAX_BLOCKS = 50_000;
    /** Blocks written at one size before the size doubles. */
    static final int BLOCKS_PER_STEP = 5_000;

    private BlockSizes() {
    }

    /**
     * @param index zero-based block number
     * @param base  the configured {@code block-size}
     * @return the size of block {@code index}
     */
    static long sizeOf(int index, long base) {
        if (index < 0 || base <= 0) {
            throw new IllegalArgumentException("index " + index + ", base " + base);
        }
        long size = base;
        for (int step = index / BLOCKS_PER_STEP; step > 0 && size < MAX_BLOCK_SIZE; step--) {
            size *= 2;
        }
        return Math.min(size, MAX_BLOCK_SIZE);
    }

    /** @return the largest blob that {@value #MAX_BLOCKS} blocks of this schedule hold */
    static long capacity(long base) {
        long total = 0;
        for (int step = 0; step < MAX_BLOCKS / BLOCKS_PER_STEP; step++) {
            total += BLOCKS_PER_STEP * sizeOf(step * BLOCKS_PER_STEP, base);
        }
        return total;
    }

    /** @return how many blocks a blob of {@code length} bytes needs, or -1 beyond {@link #capacity} */
    static int blocksFor(long length, long base) {
        long remaining = length;
        for (int i = 0; i < MAX_BLOCKS; i++) {
            if (remaining <= 0) {
                return i;
            }
            remaining -= sizeOf(i, base);
        }
        return remaining <= 0 ? MAX_BLOCKS : -1;
    }
}
