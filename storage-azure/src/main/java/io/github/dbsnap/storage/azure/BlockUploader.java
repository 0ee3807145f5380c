package io.github.dbsnap.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.dbsnap.spi.Part;
import io.github.dbsnap.spi.PartUploader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Uploads a stream as staged blocks, a few in flight ({@link PartUploader}), then commits them with one
 * conditional {@code Put Block List}. Until that commit nothing is visible; blocks of an upload that fails stay
 * uncommitted and Azure discards them after about a week.
 */
final class BlockUploader {
    private final ExecutorService executor;
    private final int parallel;
    private final long baseBlockSize;

    BlockUploader(ExecutorService executor, int parallel, long baseBlockSize) {
        this.executor = executor;
        this.parallel = parallel;
        this.baseBlockSize = baseBlockSize;
    }

    /** Thrown when reading the caller's stream failed, to tell it apart from transfer failures. */
    static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * @return the number of bytes committed
     * @throws SourceException              when reading {@code data} failed
     * @throws InterruptedException         when the calling thread was interrupted; staging is cancelled
     * @throws IllegalStateException        when the stream outgrows {@link BlockSizes#MAX_BLOCKS} blocks
     * @throws RuntimeException             SDK failures as they are (the caller translates them)
     */
    long upload(BlockBlobClient blob, InputStream data) throws IOException, InterruptedException {
        String uploadId = UUID.randomUUID().toString().substring(0, 8);
        long total = 0;
        List<String> ids;
        try (PartUploader<String> blocks = new PartUploader<>(executor, parallel, (n, block) -> {
            String id = blockId(uploadId, n - 1);
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, BinaryData.fromListByteBuffer(block.buffers())),
                    null, Context.NONE);
            return id;
        })) {
            for (int i = 0; ; i++) {
                long size = BlockSizes.sizeOf(i, baseBlockSize);
                Part block;
                try {
                    block = Part.read(data, size);
                } catch (IOException e) {
                    throw new SourceException(e);
                }
                if (block.length() == 0) {
                    break;
                }
                if (i >= BlockSizes.MAX_BLOCKS) {
                    block.release();
                    throw new IllegalStateException("the snapshot exceeds " + BlockSizes.MAX_BLOCKS
                            + " blocks (" + BlockSizes.capacity(baseBlockSize) + " bytes); raise block-size");
                }
                total += block.length();
                blocks.submit(block);
                if (block.length() < size) {
                    break;
                }
            }
            // after a failure, closing stops what is still staging; its blocks stay uncommitted and invisible
            ids = blocks.finish();
        }
        // If-None-Match: * makes the commit fail rather than replace a blob created meanwhile
        blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, Context.NONE);
        return total;
    }

    /** Block ids of one blob must all have the same length; the upload id keeps concurrent writers apart. */
    static String blockId(String uploadId, int index) {
        String raw = String.format("dbsnap-%s-%06d", uploadId, index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }
}
