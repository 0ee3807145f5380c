package io.github.dbsnap.testing;

import java.io.IOException;
import java.io.InputStream;

/** Streams generated on the fly, so tests of large objects never hold them in memory. */
public final class Streams {
    private Streams() {
    }

    /** @return {@code size} pseudo-random bytes determined by {@code seed} */
    public static InputStream pseudoRandom(long size, long seed) {
        return new InputStream() {
            private long remaining = size;
            private long state = seed * 0x9E3779B97F4A7C15L + 1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (remaining == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, remaining);
                for (int i = 0; i < n; i++) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    b[off + i] = (byte) state;
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** @return a stream that yields {@code okBytes} bytes, then throws {@link IOException} */
    public static InputStream failingAfter(long okBytes) {
        InputStream data = pseudoRandom(okBytes, 7);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = data.read();
                if (b < 0) {
                    throw new IOException("simulated producer failure");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, len);
                if (n < 0) {
                    throw new IOException("simulated producer failure");
                }
                return n;
            }
        };
    }

    /** @return the hex SHA-256 of a stream, read to its end (not closed) */
    public static String sha256(InputStream in) throws IOException {
        var md = io.github.dbsnap.internal.Hex.sha256();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return io.github.dbsnap.internal.Hex.of(md.digest());
    }
}
