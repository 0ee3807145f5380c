package io.github.dbsnap.redis;

/** Shows a Redis key in a message: printable ASCII as is, other bytes as {@code \xNN}, long keys cut. */
final class PrintableKey {
    private static final int SHOWN = 80;

    private PrintableKey() {
    }

    static String of(byte[] key) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < Math.min(key.length, SHOWN); i++) {
            int c = key[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        b.append('\'');
        if (key.length > SHOWN) {
            b.append("… (").append(key.length).append(" bytes)");
        }
        return b.toString();
    }
}
