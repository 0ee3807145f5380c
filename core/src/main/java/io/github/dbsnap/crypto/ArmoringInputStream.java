package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads as the age ASCII armor of what it wraps, for writers that pull (storage uploads). Closes what it wraps. */
final class ArmoringInputStream extends RefillingInputStream {
    private final InputStream in;
    private boolean done;

    ArmoringInputStream(InputStream in) {
        this.in = in;
        byte[] begin = (Armor.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII);
        serve(begin, begin.length);
    }

    @Override
    protected boolean fill() throws IOException {
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
        byte[] lines = sb.toString().getBytes(StandardCharsets.US_ASCII);
        serve(lines, lines.length);
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
