package io.github.dbsnap.storage.azure;

import com.azure.core.util.BinaryData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One block read from the snapshot stream, held as 256 KiB chunks: no huge contiguous array (which a
 * small heap handles badly), any size up to 4000 MiB, and a body the SDK can replay on retries.
 */
final class Block {
    private static final int CHUNK = 256 * 1024;

    private final List<ByteBuffer> chunks;
    private final long length;

    private Block(List<ByteBuffer> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** Reads up to {@code size} bytes; fewer only at the end of the stream. Does not close {@code in}. */
    static Block read(InputStream in, long size) throws IOException {
        List<ByteBuffer> chunks = new ArrayList<>();
        long total = 0;
        while (total < size) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, size - total)];
            int filled = in.readNBytes(chunk, 0, chunk.length);
            if (filled > 0) {
                chunks.add(ByteBuffer.wrap(chunk, 0, filled).asReadOnlyBuffer());
                total += filled;
            }
            if (filled < chunk.length) {
                break;
            }
        }
        return new Block(chunks, total);
    }

    long length() {
        return length;
    }

    /** @return the content as replayable data; each send reads the chunks from their start */
    BinaryData data() {
        return BinaryData.fromListByteBuffer(chunks);
    }
}
