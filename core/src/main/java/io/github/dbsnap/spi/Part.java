package io.github.dbsnap.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One part of a streamed upload, read into memory for {@link PartUploader}: held as 256 KiB chunks (no
 * huge contiguous array, which a small heap handles badly) and replayable, so an SDK can resend it on a
 * retry. Immutable once read; safe to hand to another thread.
 */
public final class Part {
    private static final int CHUNK = 256 * 1024;

    private final List<byte[]> chunks;
    private final long length;

    private Part(List<byte[]> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /**
     * Reads up to {@code size} bytes; fewer only at the end of the stream. Does not close {@code in}.
     *
     * @throws IOException when reading {@code in} failed
     */
    public static Part read(InputStream in, long size) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (total < size) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, size - total)];
            int filled = in.readNBytes(chunk, 0, chunk.length);
            if (filled > 0) {
                chunks.add(filled == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, filled));
                total += filled;
            }
            if (filled < chunk.length) {
                break;
            }
        }
        return new Part(chunks, total);
    }

    /** @return the number of bytes; less than the size asked for only at the end of the stream */
    public long length() {
        return length;
    }

    /** @return a new stream over the content, from its start; each call replays it */
    public InputStream newInputStream() {
        List<InputStream> streams = new ArrayList<>(chunks.size());
        for (byte[] c : chunks) {
            streams.add(new ByteArrayInputStream(c));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** @return read-only views of the content's chunks, in order */
    public List<ByteBuffer> buffers() {
        List<ByteBuffer> out = new ArrayList<>(chunks.size());
        for (byte[] c : chunks) {
            out.add(ByteBuffer.wrap(c).asReadOnlyBuffer());
        }
        return out;
    }
}
