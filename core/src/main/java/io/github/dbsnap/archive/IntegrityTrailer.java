package io.github.dbsnap.archive;

import io.github.dbsnap.Compression;
import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.internal.Hex;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A SHA-256 of every compressed byte, appended after the compressed stream in a form the standard
 * tools skip: a zstd skippable frame, or an empty gzip member carrying the digest in its comment.
 * It makes any change to the object detectable, including bytes that the compression format itself
 * does not cover (frame header fields, gzip header fields, padding).
 */
final class IntegrityTrailer {
    /** zstd skippable frame: magic 0x184D2A5E, length 36, "DBS1", SHA-256. */
    private static final byte[] ZSTD_HEAD = {0x5E, 0x2A, 0x4D, 0x18, 36, 0, 0, 0, 'D', 'B', 'S', '1'};
    /** gzip member header with FCOMMENT (no mtime, OS unknown), then the comment text. */
    private static final byte[] GZIP_HEAD = {0x1F, (byte) 0x8B, 8, 0x10, 0, 0, 0, 0, 0, (byte) 0xFF};
    private static final byte[] GZIP_COMMENT = "dbsnap-sha256:".getBytes(StandardCharsets.US_ASCII);
    /** NUL ending the comment, an empty final deflate block, CRC32 and ISIZE of nothing. */
    private static final byte[] GZIP_TAIL = {0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private IntegrityTrailer() {
    }

    /** @return the trailer's length for a compression */
    static int length(Compression c) {
        return c == Compression.ZSTD ? ZSTD_HEAD.length + 32 : GZIP_HEAD.length + GZIP_COMMENT.length + 64 + GZIP_TAIL.length;
    }

    static byte[] build(Compression c, byte[] sha256) {
        byte[] out = new byte[length(c)];
        if (c == Compression.ZSTD) {
            System.arraycopy(ZSTD_HEAD, 0, out, 0, ZSTD_HEAD.length);
            System.arraycopy(sha256, 0, out, ZSTD_HEAD.length, 32);
        } else {
            int p = 0;
            System.arraycopy(GZIP_HEAD, 0, out, p, GZIP_HEAD.length);
            p += GZIP_HEAD.length;
            System.arraycopy(GZIP_COMMENT, 0, out, p, GZIP_COMMENT.length);
            p += GZIP_COMMENT.length;
            byte[] hex = Hex.of(sha256).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(hex, 0, out, p, hex.length);
            p += hex.length;
            System.arraycopy(GZIP_TAIL, 0, out, p, GZIP_TAIL.length);
        }
        return out;
    }

    /** @return a stream that hashes what passes and writes the trailer before closing {@code out} */
    static OutputStream appending(OutputStream out, Compression c) {
        MessageDigest sha = Hex.sha256();
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                sha.update((byte) b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sha.update(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (OutputStream o = out) {
                    o.write(build(c, sha.digest()));
                }
            }
        };
    }

    /**
     * A stream that passes on everything but the last {@link #length} bytes, hashing what it passes,
     * and at the end checks that the withheld bytes are a trailer holding that hash.
     */
    static final class Checking extends InputStream {
        private final InputStream in;
        private final Compression compression;
        private final MessageDigest sha = Hex.sha256();
        private final byte[] buf;
        private final int hold;
        private int start;
        private int end;
        private boolean eof;
        private boolean checked;

        Checking(InputStream in, Compression compression) {
            this.in = in;
            this.compression = compression;
            this.hold = length(compression);
            this.buf = new byte[64 * 1024 + hold];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (end - start <= hold && !eof) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
            int available = end - start - hold;
            if (available <= 0) {
                check();
                return -1;
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, start, b, off, n);
            sha.update(buf, start, n);
            start += n;
            return n;
        }

        /** Reads to the end and checks the trailer. */
        void finish() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // hash the rest
            }
        }

        private void check() {
            if (checked) {
                return;
            }
            checked = true;
            if (end - start != hold) {
                throw new CorruptSnapshotException("snapshot is truncated: it ends without its integrity trailer");
            }
            byte[] expected = build(compression, sha.digest());
            if (!Arrays.equals(buf, start, end, expected, 0, hold)) {
                throw new CorruptSnapshotException("snapshot fails its whole-object SHA-256 check (modified or damaged)");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
