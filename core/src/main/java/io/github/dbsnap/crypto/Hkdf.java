package io.github.dbsnap.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** HKDF-SHA-256 (RFC 5869) on the JDK's HMAC, for the 32-byte keys age derives. */
final class Hkdf {
    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** @return 32 bytes of HKDF-SHA-256(salt, ikm, info); an empty salt means 32 zero bytes, as in RFC 5869 */
    static byte[] derive(byte[] salt, byte[] ikm, String info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LEN] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            Arrays.fill(prk, (byte) 0);
            mac.update(info.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
        }
    }

    /** @return HKDF-Extract(salt, ikm); an empty salt means 32 zero bytes */
    static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm, ikm.length);
    }

    /** @return the first {@code len} (at most 32) bytes of HKDF-Expand(prk, info) */
    static byte[] expand(byte[] prk, byte[] info, int len) {
        if (len > HASH_LEN) {
            throw new IllegalArgumentException("HKDF-Expand beyond one block is not needed here");
        }
        byte[] block = hmac(prk, X25519Recipient.concat(info, new byte[] {1}), info.length + 1);
        byte[] out = Arrays.copyOf(block, len);
        Arrays.fill(block, (byte) 0);
        return out;
    }

    /** @return HMAC-SHA-256 of {@code data} under {@code key} */
    static byte[] hmac(byte[] key, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
        }
    }
}
