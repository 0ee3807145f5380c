package io.github.dbsnap.crypto;

import java.util.Base64;

/** The canonical, unpadded standard base64 that age requires everywhere in the header. */
final class Base64s {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private Base64s() {
    }

    static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /** @return the decoded bytes, or null when {@code s} is not canonical unpadded base64 */
    static byte[] decode(String s) {
        if (s.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return null;
            }
        }
        byte[] out = Base64.getDecoder().decode(s);
        // unused trailing bits must be zero, so that every byte string has exactly one encoding
        return ENCODER.encodeToString(out).equals(s) ? out : null;
    }
}
