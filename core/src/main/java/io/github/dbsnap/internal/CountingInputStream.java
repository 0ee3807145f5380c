package io.github.dbsnap.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts bytes read and reports progress every {@code step} bytes. */
public final class CountingInputStream extends FilterInputStream {
    private static final long STEP = 4L * 1024 * 1024;
    private final LongConsumer progress;
    private long count;
    private long nextReport = STEP;

    /** @param in wrapped stream, closed with this one; @param progress told the running total */
    public CountingInputStream(InputStream in, LongConsumer progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(n);
        add(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** @return bytes read so far */
    public long count() {
        return count;
    }

    private void add(long n) {
        count += n;
        if (count >= nextReport) {
            nextReport = count + STEP;
            progress.accept(count);
        }
    }
}
