package io.github.dbsnap.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.github.dbsnap.Compression;
import io.github.dbsnap.CorruptSnapshotException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** Opens the compression layer of a snapshot. */
public final class Compressors {
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};
    private static final byte[] GZIP_MAGIC = {(byte) 0x1F, (byte) 0x8B};
    private static final int BUFFER = 64 * 1024;

    private Compressors() {
    }

    /**
     * @param out     where compressed bytes go; closed when the returned stream is closed
     * @param workers zstd worker threads (0 = compress on the calling thread); ignored for gzip
     * @return a stream that compresses into {@code out}
     */
    public static OutputStream compress(OutputStream out, Compression compression, int level, int workers)
            throws IOException {
        OutputStream sink = IntegrityTrailer.appending(out, compression);
        return switch (compression) {
            case ZSTD -> {
                ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(sink, level);
                z.setChecksum(true);
                if (workers > 0) {
                    z.setWorkers(workers);
                }
                yield z;
            }
            case GZIP -> {
                GzipParameters p = new GzipParameters();
                p.setCompressionLevel(level);
                yield new GzipCompressorOutputStream(sink, p);
            }
        };
    }

    /**
     * @param in a mark-supporting stream positioned at the start of compressed data
     * @return the compression found by its magic bytes
     * @throws CorruptSnapshotException when neither zstd nor gzip
     */
    public static Compression detect(BufferedInputStream in) throws IOException {
        byte[] head = peek(in, 4);
        if (startsWith(head, ZSTD_MAGIC)) {
            return Compression.ZSTD;
        }
        if (startsWith(head, GZIP_MAGIC)) {
            return Compression.GZIP;
        }
        throw new CorruptSnapshotException("not a dbsnap snapshot: the data is neither zstd nor gzip"
                + (head.length == 0 ? " (empty)" : ""));
    }

    /**
     * @return a stream decompressing {@code in}; at its end the whole object's SHA-256 trailer has
     *         been checked ({@link CorruptSnapshotException} otherwise); closing it closes {@code in}
     */
    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        IntegrityTrailer.Checking checked = new IntegrityTrailer.Checking(in, compression);
        InputStream plain = switch (compression) {
            case ZSTD -> new ZstdInputStreamNoFinalizer(checked);
            case GZIP -> new GzipCompressorInputStream(checked, false);
        };
        return new BufferedInputStream(new FilterInputStream(plain) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    checked.finish();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    checked.finish();
                }
                return n;
            }
        }, BUFFER);
    }

    /** @return up to {@code n} bytes from the start of {@code in}, leaving the stream where it was */
    public static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] buf = in.readNBytes(n);
        in.reset();
        return buf;
    }

    /** @return whether {@code data} starts with {@code prefix} */
    public static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
