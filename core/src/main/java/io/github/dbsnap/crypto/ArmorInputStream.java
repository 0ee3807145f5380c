package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Decodes age ASCII armor as a stream, strictly: whitespace only before the begin line and after the end line,
 * LF or CRLF line endings, lines of exactly 64 base64 characters except the last (at most 64, a multiple of 4),
 * canonical padded base64, and nothing between the last line and the end line.
 */
final class ArmorInputStream extends RefillingInputStream {
    private static final int MAX_LINE = Armor.COLUMNS + 16;
    private final InputStream in;
    private boolean lastLineSeen;
    private boolean anyLine;
    private boolean done;

    /** Reads and checks the begin line; {@code in} is closed by {@link #close()}. */
    ArmorInputStream(InputStream in) throws IOException {
        this.in = in;
        int b = in.read();
        while (b >= 0 && Armor.isSpace(b)) {
            b = in.read();
        }
        String first = b < 0 ? "" : (char) b + line();
        if (!first.equals(Armor.BEGIN)) {
            throw malformed("it does not start with " + Armor.BEGIN);
        }
    }

    @Override
    protected boolean fill() throws IOException {
        while (!done) {
            String line = line();
            if (line.equals(Armor.END)) {
                if (!anyLine) {
                    throw malformed("it holds no data");
                }
                int b;
                while ((b = in.read()) >= 0) {
                    if (!Armor.isSpace(b)) {
                        throw malformed("there is data after " + Armor.END);
                    }
                }
                done = true;
                return false;
            }
            if (lastLineSeen) {
                throw malformed("a line shorter than 64 characters is not the last one");
            }
            if (line.length() > Armor.COLUMNS || line.isEmpty() || line.length() % 4 != 0) {
                throw malformed("a line is " + line.length() + " characters long; lines must be 64, the last one at "
                        + "most 64 and a multiple of 4");
            }
            byte[] decoded = decode(line);
            lastLineSeen = line.length() < Armor.COLUMNS || decoded.length < Armor.BYTES_PER_LINE;
            anyLine = true;
            serve(decoded, decoded.length);
            return true;
        }
        return false;
    }

    private static byte[] decode(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || (c == '=' && i >= line.length() - 2);
            if (!ok) {
                throw malformed("a line is not standard base64");
            }
        }
        byte[] out;
        try {
            out = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw malformed("a line is not standard base64");
        }
        if (!Base64.getEncoder().encodeToString(out).equals(line)) {
            throw malformed("a line is not canonical base64");
        }
        return out;
    }

    /** Reads one line ending in LF or CRLF (or the end of the stream, for the end line). */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(Armor.COLUMNS + 2);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.length() == 0) {
                    throw malformed("it is truncated (no " + Armor.END + " line)");
                }
                return sb.toString();
            }
            if (b == '\n') {
                int last = sb.length() - 1;
                if (last >= 0 && sb.charAt(last) == '\r') {
                    sb.setLength(last);
                }
                return sb.toString();
            }
            if (sb.length() == MAX_LINE) {
                throw malformed("a line is longer than 64 characters");
            }
            if ((b < 32 || b > 126) && b != '\r') {
                throw malformed("it contains a byte that is not printable ASCII");
            }
            sb.append((char) b);
        }
    }

    private static EncryptionException malformed(String why) {
        return new EncryptionException("snapshot's age ASCII armor is malformed: " + why);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
