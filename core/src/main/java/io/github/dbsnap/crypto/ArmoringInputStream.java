package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads as the age ASCII armor of what it wraps, for writers that pull (storage uploads). Closes what it wraps. */
final class ArmoringInputStream extends InputStream {
    private final InputStream in;
    private byte[] buf = (Armor.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII);
    private int pos;
    private boolean done;

    ArmoringInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        if (n == 0) {
            return 0;
        }
        if (pos == buf.length && !fill()) {
            return -1;
        }
        int k = Math.min(n, buf.length - pos);
        System.arraycopy(buf, pos, b, off, k);
        pos += k;
        return k;
    }

    private boolean fill() throws IOException {
        if (done) {
            return false;
        }
        byte[] chunk = in.readNBytes(Armor.BYTES_PER_LINE * 64);
        StringBuilder sb = new StringBuilder(chunk.length / 3 * 4 + 128);
        Base64.Encoder enc = Base64.getEncoder();
        for (int i = 0; i < chunk.length; i += Armor.BYTES_PER_LINE) {
            int end = Math.min(chunk.length, i + Armor.BYTES_PER_LINE);
            sb.append(enc.encodeToString(java.util.Arrays.copyOfRange(chunk, i, end))).append('\n');
        }
        if (chunk.length < Armor.BYTES_PER_LINE * 64) {
            sb.append(Armor.END).append('\n');
            done = true;
        }
        buf = sb.toString().getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        return buf.length > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
