package io.github.dbsnap.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One part of a streamed upload, read into memory for {@link PartUploader}: held as 256 KiB chunks (no
 * huge contiguous array) and replayable, so an SDK can resend it on a retry. Immutable once read; safe to
 * hand to another thread.
 *
 * <p>The chunks are direct (off-heap) buffers from a process-wide pool, so that parts in flight neither
 * fill a small heap nor make the collector copy them: a part lives for a whole request, long enough to be
 * promoted, which at {@code -Xmx64m} turned every part into old-generation garbage. {@link #release()}
 * gives the chunks back ({@link PartUploader} does it when a part's upload ended). When direct memory is
 * exhausted ({@code -XX:MaxDirectMemorySize}, by default the heap size) a chunk falls back to the heap.
 */
public final class Part {
    private static final int CHUNK = 256 * 1024;
    /** Free direct chunks kept for reuse, at most this many (64 MiB); more are left to the collector. */
    private static final int POOL_LIMIT = 256;
    private static final ArrayDeque<ByteBuffer> POOL = new ArrayDeque<>();

    private final List<ByteBuffer> chunks;
    private final long length;
    private final AtomicBoolean released = new AtomicBoolean();

    private Part(List<ByteBuffer> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /**
     * Reads up to {@code size} bytes; fewer only at the end of the stream. Does not close {@code in}.
     *
     * @throws IOException when reading {@code in} failed
     */
    public static Part read(InputStream in, long size) throws IOException {
        List<ByteBuffer> chunks = new ArrayList<>();
        byte[] scratch = new byte[(int) Math.min(64 * 1024, Math.max(size, 1))];
        long total = 0;
        try {
            while (total < size) {
                int want = (int) Math.min(CHUNK, size - total);
                ByteBuffer chunk = null;
                int filled = 0;
                while (filled < want) {
                    int n = in.readNBytes(scratch, 0, Math.min(scratch.length, want - filled));
                    if (n == 0) {
                        break;
                    }
                    if (chunk == null) {
                        chunk = take();
                        chunks.add(chunk);
                    }
                    chunk.put(scratch, 0, n);
                    filled += n;
                }
                total += filled;
                if (chunk != null) {
                    chunk.flip();
                }
                if (filled < want) {
                    break;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            give(chunks);
            throw e;
        }
        return new Part(chunks, total);
    }

    /** @return the number of bytes; less than the size asked for only at the end of the stream */
    public long length() {
        return length;
    }

    /** @return a new stream over the content, from its start; each call replays it */
    public InputStream newInputStream() {
        checkLive();
        return new ChunksInputStream(buffers());
    }

    /** @return read-only views of the content's chunks, in order */
    public List<ByteBuffer> buffers() {
        checkLive();
        List<ByteBuffer> out = new ArrayList<>(chunks.size());
        for (ByteBuffer c : chunks) {
            out.add(c.asReadOnlyBuffer());
        }
        return out;
    }

    /**
     * Returns the chunks to the pool; the part must not be read any more (nothing may still be reading
     * it). Idempotent.
     */
    public void release() {
        if (released.compareAndSet(false, true)) {
            give(chunks);
        }
    }

    private void checkLive() {
        if (released.get()) {
            throw new IllegalStateException("part already released");
        }
    }

    private static ByteBuffer take() {
        synchronized (POOL) {
            ByteBuffer b = POOL.poll();
            if (b != null) {
                return b.clear();
            }
        }
        try {
            return ByteBuffer.allocateDirect(CHUNK);
        } catch (OutOfMemoryError e) {
            return ByteBuffer.allocate(CHUNK); // direct memory exhausted: this chunk goes on the heap
        }
    }

    private static void give(List<ByteBuffer> chunks) {
        synchronized (POOL) {
            for (ByteBuffer c : chunks) {
                if (c.isDirect() && POOL.size() < POOL_LIMIT) {
                    POOL.push(c);
                }
            }
        }
    }

    /** Reads a list of buffers in order; each stream has its own positions. */
    private static final class ChunksInputStream extends InputStream {
        private final List<ByteBuffer> buffers;
        private int index;

        ChunksInputStream(List<ByteBuffer> buffers) {
            this.buffers = buffers;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (index < buffers.size() && !buffers.get(index).hasRemaining()) {
                index++;
            }
            if (index == buffers.size()) {
                return -1;
            }
            ByteBuffer c = buffers.get(index);
            int n = Math.min(len, c.remaining());
            c.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return index < buffers.size() ? buffers.get(index).remaining() : 0;
        }
    }
}
