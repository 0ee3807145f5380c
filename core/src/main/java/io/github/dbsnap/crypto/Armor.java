package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The age ASCII armor: strict PEM (RFC 7468, section 3) with the label {@code AGE ENCRYPTED FILE}. */
final class Armor {
    static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    static final String END = "-----END AGE ENCRYPTED FILE-----";
    static final int COLUMNS = 64;
    static final int BYTES_PER_LINE = COLUMNS / 4 * 3;
    /** Anything that starts like a PEM block goes to the armor parser, so a damaged begin line gets its message. */
    private static final byte[] BEGIN_BYTES = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private Armor() {
    }

    /** @return whether the (marked and reset) head of {@code in} is an armored age file */
    static boolean detect(InputStream in) throws IOException {
        in.mark(4096);
        try {
            return startsArmored(in.readNBytes(4096));
        } finally {
            in.reset();
        }
    }

    /** @return whether {@code head} starts, after optional whitespace, like a PEM begin line */
    static boolean startsArmored(byte[] head) {
        int i = 0;
        while (i < head.length && isSpace(head[i])) {
            i++;
        }
        if (head.length - i < BEGIN_BYTES.length) {
            return false;
        }
        for (int j = 0; j < BEGIN_BYTES.length; j++) {
            if (head[i + j] != BEGIN_BYTES[j]) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
