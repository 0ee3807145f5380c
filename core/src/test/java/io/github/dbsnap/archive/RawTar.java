package io.github.dbsnap.archive;

import io.github.dbsnap.Compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes tar bytes by hand, so that headers can lie in ways no tar library would write. */
final class RawTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a header block declaring {@code declaredSize}, followed by {@code data} padded to 512 bytes. */
    RawTar entry(String name, char type, long declaredSize, byte[] data) {
        out.writeBytes(header(name, type, declaredSize));
        out.writeBytes(data);
        int pad = (512 - data.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** Adds a regular file whose header tells the truth. */
    RawTar file(String name, byte[] data) {
        return entry(name, '0', data.length, data);
    }

    /** Adds a PAX extended header ({@code x}) holding these exact records, e.g. {@code "30 path=…\n"}. */
    RawTar pax(String records) {
        byte[] b = records.getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeaders/x", 'x', b.length, b);
    }

    /** @return the archive, ended by two zero blocks unless {@code unterminated} */
    byte[] bytes(boolean unterminated) {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        if (!unterminated) {
            copy.writeBytes(new byte[1024]);
        }
        return copy.toByteArray();
    }

    /** @return the archive compressed with zstd and dbsnap's integrity trailer, as a snapshot object */
    byte[] zstd() throws IOException {
        return compress(bytes(false));
    }

    static byte[] compress(byte[] tar) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream z = Compressors.compress(buf, Compression.ZSTD, 1, 0)) {
            z.write(tar);
        }
        return buf.toByteArray();
    }

    static byte[] header(String name, char type, long size) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 0 || size >= 077777777777L) {
            h[124] = (byte) 0x80; // base-256, as GNU tar writes sizes of 8 GiB and more
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            octal(h, 124, 12, size);
        }
        octal(h, 136, 12, 1_700_000_000L);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        s = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }
}
