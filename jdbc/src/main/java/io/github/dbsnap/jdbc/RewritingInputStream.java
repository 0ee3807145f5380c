package io.github.dbsnap.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Pulls CSV from a stream through a {@link CsvRewriter}, for drivers that read their bulk input
 * ({@code COPY … FROM STDIN}, {@code LOAD DATA LOCAL INFILE}). Holds one rewritten chunk at a time.
 * Does not close the stream it reads.
 */
final class RewritingInputStream extends InputStream {
    private static final int CHUNK = 64 * 1024;
    private final InputStream in;
    private final Chunk chunk = new Chunk();
    private final CsvRewriter rewriter;
    private final byte[] buf = new byte[CHUNK];
    private int pos;
    private volatile boolean eof;
    private boolean started;
    private volatile long reads;

    /** @param rewriter makes the rewriter, given the sink it must write to */
    RewritingInputStream(InputStream in, java.util.function.Function<java.io.OutputStream, CsvRewriter> rewriter) {
        this.in = in;
        this.rewriter = rewriter.apply(chunk);
    }

    /** @return the rewriter, for its row count */
    CsvRewriter rewriter() {
        return rewriter;
    }

    /** @return how many times the stream was read, for {@link StallWatch} */
    long reads() {
        return reads;
    }

    /** @return whether the whole input was rewritten */
    boolean ended() {
        return eof;
    }

    /** @return whether anything was read from the underlying stream yet */
    boolean started() {
        return started;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        reads++;
        while (pos == chunk.size()) {
            if (eof) {
                return -1;
            }
            chunk.reset();
            pos = 0;
            started = true;
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                rewriter.finish();
            } else {
                rewriter.feed(buf, 0, n);
            }
        }
        int n = Math.min(len, chunk.size() - pos);
        System.arraycopy(chunk.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    /** The rewritten bytes of one input chunk. */
    private static final class Chunk extends ByteArrayOutputStream {
        Chunk() {
            super(2 * CHUNK);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
