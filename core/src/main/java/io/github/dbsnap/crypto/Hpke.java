package io.github.dbsnap.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The single-shot HPKE (RFC 9180) base mode that age's {@code mlkem768x25519} stanza uses: KEM
 * MLKEM768-X25519 (0x647a), KDF HKDF-SHA256 (0x0001), AEAD ChaCha20Poly1305 (0x0003), one message at
 * sequence number 0, so the AEAD nonce is the base nonce.
 */
final class Hpke {
    private static final byte[] SUITE = {'H', 'P', 'K', 'E', 0x64, 0x7a, 0x00, 0x01, 0x00, 0x03};
    private static final byte[] VERSION = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /** The key and base nonce of a context. */
    record Context(byte[] key, byte[] nonce) {
        void destroy() {
            Arrays.fill(key, (byte) 0);
        }
    }

    private Hpke() {
    }

    /** KeyScheduleS/R in mode_base with no PSK, from the KEM's shared secret. */
    static Context keySchedule(byte[] sharedSecret, byte[] info) {
        byte[] pskIdHash = labeledExtract(EMPTY, "psk_id_hash", EMPTY);
        byte[] infoHash = labeledExtract(EMPTY, "info_hash", info);
        byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
        System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
        System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);
        byte[] secret = labeledExtract(sharedSecret, "secret", EMPTY);
        try {
            return new Context(labeledExpand(secret, "key", context, 32), labeledExpand(secret, "base_nonce", context, 12));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] labeledExtract(byte[] salt, String label, byte[] ikm) {
        return Hkdf.extract(salt, concat(VERSION, SUITE, label.getBytes(StandardCharsets.US_ASCII), ikm));
    }

    private static byte[] labeledExpand(byte[] prk, String label, byte[] info, int len) {
        byte[] l = {(byte) (len >>> 8), (byte) len};
        return Hkdf.expand(prk, concat(l, VERSION, SUITE, label.getBytes(StandardCharsets.US_ASCII), info), len);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = EMPTY;
        for (byte[] p : parts) {
            out = X25519Recipient.concat(out, p);
        }
        return out;
    }
}
