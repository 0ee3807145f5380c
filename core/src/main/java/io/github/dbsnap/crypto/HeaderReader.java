package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses an age header strictly and within fixed limits, reading no byte past its MAC line. */
final class HeaderReader {
    private static final int BODY_COLUMNS = 64;
    private final InputStream in;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream(512);

    /** The parsed header: its stanzas, its MAC and the bytes the MAC covers. */
    record Header(List<Stanza> stanzas, byte[] mac, byte[] macInput) {
    }

    private HeaderReader(InputStream in) {
        this.in = in;
    }

    /** @throws EncryptionException when the header is malformed, truncated or over a limit */
    static Header read(InputStream in) throws IOException {
        return new HeaderReader(in).parse();
    }

    private Header parse() throws IOException {
        String version = line();
        if (!version.equals(AgeFormat.VERSION_LINE)) {
            throw malformed(version.startsWith("age-encryption.org/") ? "unsupported age format version"
                    : "not an age-encryption.org/v1 file");
        }
        List<Stanza> stanzas = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.startsWith("-> ")) {
                if (stanzas.size() == AgeFormat.MAX_STANZAS) {
                    throw malformed("more than " + AgeFormat.MAX_STANZAS + " recipient stanzas");
                }
                stanzas.add(stanza(line.substring(3)));
            } else if (line.startsWith("--- ")) {
                byte[] all = raw.toByteArray();
                byte[] macInput = Arrays.copyOf(all, all.length - line.length() - 1 + 3);
                byte[] mac = Base64s.decode(line.substring(4));
                if (mac == null || mac.length != 32) {
                    throw malformed("bad header MAC encoding");
                }
                if (stanzas.isEmpty()) {
                    throw malformed("no recipient stanzas");
                }
                return new Header(stanzas, mac, macInput);
            } else {
                throw malformed("unexpected header line");
            }
        }
    }

    private Stanza stanza(String argLine) throws IOException {
        String[] parts = argLine.split(" ", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw malformed("empty stanza argument");
            }
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            String line = line();
            if (line.length() > BODY_COLUMNS) {
                throw malformed("stanza body line longer than 64 columns");
            }
            body.append(line);
            if (line.length() < BODY_COLUMNS) {
                break;
            }
        }
        byte[] decoded = Base64s.decode(body.toString());
        if (decoded == null) {
            throw malformed("stanza body is not canonical base64");
        }
        return new Stanza(parts[0], Arrays.asList(parts).subList(1, parts.length), decoded);
    }

    /** Reads one LF-terminated line of printable ASCII and spaces, within the header size cap. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EncryptionException("snapshot's age header is truncated");
            }
            if (raw.size() >= AgeFormat.MAX_HEADER_BYTES) {
                throw malformed("header larger than " + (AgeFormat.MAX_HEADER_BYTES >> 10) + " KiB");
            }
            raw.write(b);
            if (b == '\n') {
                return line.toString();
            }
            if (b < 32 || b > 126) {
                throw malformed("header contains a non-printable byte");
            }
            line.append((char) b);
        }
    }

    private static EncryptionException malformed(String why) {
        return new EncryptionException("snapshot's age header is malformed: " + why);
    }
}
