package io.github.dbsnap.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** BIP-173 bech32 as age uses it for keys: no 90-character limit, one case per string. */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: its human-readable part (lower case) and its 8-bit data. */
    record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    static String encode(String hrp, byte[] data) {
        String lower = hrp.toLowerCase(Locale.ROOT);
        byte[] values = convert(data, 8, 5, true);
        byte[] checksum = checksum(lower, values);
        StringBuilder sb = new StringBuilder(lower.length() + 1 + values.length + 6).append(lower).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException with a reason that never repeats the input */
    static Decoded decode(String s) {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character");
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new IllegalArgumentException("mixed case");
        }
        String str = s.toLowerCase(Locale.ROOT);
        int sep = str.lastIndexOf('1');
        if (sep < 1 || sep + 7 > str.length()) {
            throw new IllegalArgumentException("separator '1' missing or too close to the end");
        }
        String hrp = str.substring(0, sep);
        byte[] values = new byte[str.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(str.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid data character");
            }
            values[i] = (byte) v;
        }
        if (polymod(expand(hrp, values)) != 1) {
            throw new IllegalArgumentException("bad checksum");
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        return new Decoded(hrp, convert(payload, 5, 8, false));
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] ex = expand(hrp, values);
        byte[] padded = new byte[ex.length + 6];
        System.arraycopy(ex, 0, padded, 0, ex.length);
        int mod = polymod(padded) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp, byte[] values) {
        int n = hrp.length();
        byte[] out = new byte[n * 2 + 1 + values.length];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (hrp.charAt(i) >>> 5);
            out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        System.arraycopy(values, 0, out, n * 2 + 1, values.length);
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GEN[i];
                }
            }
        }
        return chk;
    }

    private static byte[] convert(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int max = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * from / to + 1);
        for (byte b : data) {
            acc = (acc << from) | (b & ((1 << from) - 1));
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & max);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & max);
            }
        } else if (bits >= from || ((acc << (to - bits)) & max) != 0) {
            throw new IllegalArgumentException("invalid padding");
        }
        return out.toByteArray();
    }
}
