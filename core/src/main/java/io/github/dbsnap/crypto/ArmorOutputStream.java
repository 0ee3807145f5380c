package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes age ASCII armor: the begin line, 64-column lines of padded base64, the end line. Closes what it wraps. */
final class ArmorOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[Armor.BYTES_PER_LINE];
    private int len;
    private boolean closed;

    ArmorOutputStream(OutputStream out) throws IOException {
        this.out = out;
        out.write((Armor.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            int k = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
            if (len == buf.length) {
                line();
            }
        }
    }

    private void line() throws IOException {
        byte[] encoded = Base64.getEncoder().encode(java.util.Arrays.copyOf(buf, len));
        out.write(encoded);
        out.write('\n');
        len = 0;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (len > 0) {
                line();
            }
            out.write((Armor.END + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
