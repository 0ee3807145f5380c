package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.InputStream;

/** An input stream served from a buffer that a subclass refills one unit (a line, a group of lines) at a time. */
abstract class RefillingInputStream extends InputStream {
    private byte[] buf = new byte[0];
    private int pos;
    private int len;

    /** @return false at the end of the stream, else true after a {@link #serve} call */
    protected abstract boolean fill() throws IOException;

    /** Makes the next reads return {@code n} bytes of {@code data}. */
    protected final void serve(byte[] data, int n) {
        buf = data;
        pos = 0;
        len = n;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int n) throws IOException {
        if (n == 0) {
            return 0;
        }
        while (pos == len) {
            if (!fill()) {
                return -1;
            }
        }
        int k = Math.min(n, len - pos);
        System.arraycopy(buf, pos, b, off, k);
        pos += k;
        return k;
    }
}
