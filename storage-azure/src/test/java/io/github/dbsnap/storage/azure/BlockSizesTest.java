package io.github.dbsnap.storage.azure;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockSizesTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;
    private static final long BASE = AzureStorageConfig.DEFAULT_BLOCK_SIZE;

    @Test
    @DisplayName("a 5 TiB snapshot fits in fewer than 50,000 blocks at the default block size")
    void fiveTebibytesFit() {
        int blocks = BlockSizes.blocksFor(5 * TIB, BASE);
        assertThat(blocks).isPositive().isLessThan(BlockSizes.MAX_BLOCKS);
        assertThat(BlockSizes.sizeOf(blocks - 1, BASE)).isEqualTo(1024 * MIB);
        assertThat(BlockSizes.capacity(BASE)).isGreaterThan(38 * TIB);
    }

    @Test
    @DisplayName("ordinary snapshots keep the configured block size")
    void smallUploadsDoNotGrow() {
        assertThat(BlockSizes.blocksFor(GIB, BASE)).isEqualTo(128);
        assertThat(BlockSizes.sizeOf(4_999, BASE)).isEqualTo(BASE);
        assertThat(BlockSizes.sizeOf(5_000, BASE)).isEqualTo(2 * BASE);
    }

    @Test
    @DisplayName("block sizes never shrink and never exceed Azure's 4000 MiB maximum")
    void monotonicAndCapped() {
        long previous = 0;
        for (int i = 0; i < BlockSizes.MAX_BLOCKS; i += 97) {
            long size = BlockSizes.sizeOf(i, BASE);
            assertThat(size).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(BlockSizes.MAX_BLOCK_SIZE);
            previous = size;
        }
        assertThat(BlockSizes.sizeOf(BlockSizes.MAX_BLOCKS - 1, BASE)).isEqualTo(BlockSizes.MAX_BLOCK_SIZE);
        assertThat(BlockSizes.sizeOf(BlockSizes.MAX_BLOCKS - 1, BlockSizes.MAX_BLOCK_SIZE)).isEqualTo(BlockSizes.MAX_BLOCK_SIZE);
    }

    @Test
    @DisplayName("a stream beyond the schedule's capacity is reported as not fitting")
    void beyondCapacity() {
        assertThat(BlockSizes.blocksFor(BlockSizes.capacity(64 * 1024) + 1, 64 * 1024)).isEqualTo(-1);
        assertThat(BlockSizes.blocksFor(0, BASE)).isZero();
    }

    @Test
    @DisplayName("block ids of one upload all have the same length")
    void blockIdsHaveOneLength() {
        assertThat(BlockUploader.blockId("abcd1234", 0)).hasSameSizeAs(BlockUploader.blockId("abcd1234", 49_999));
    }
}
