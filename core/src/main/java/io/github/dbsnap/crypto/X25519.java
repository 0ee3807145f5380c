package io.github.dbsnap.crypto;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;

/** Raw 32-byte X25519 (RFC 7748) on the JDK's XDH provider. */
final class X25519 {
    static final int KEY_LEN = 32;
    private static final byte[] BASE_POINT = new byte[KEY_LEN];

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {
    }

    /** @return the public key of a private scalar */
    static byte[] publicKey(byte[] scalar) {
        try {
            return agree(scalar, BASE_POINT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("X25519 base point multiplication failed", e);
        }
    }

    /**
     * @return the shared secret X25519(scalar, point)
     * @throws InvalidKeyException when the point has small order (all-zero result)
     */
    static byte[] agree(byte[] scalar, byte[] point) throws InvalidKeyException {
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u(point)));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(priv);
            ka.doPhase(pub, true);
            byte[] secret = ka.generateSecret();
            int acc = 0;
            for (byte b : secret) {
                acc |= b;
            }
            if (acc == 0) {
                throw new InvalidKeyException("X25519 shared secret is zero");
            }
            return secret;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 (XDH) is not available in this JDK", e);
        }
    }

    private static BigInteger u(byte[] littleEndian) {
        byte[] be = new byte[KEY_LEN];
        for (int i = 0; i < KEY_LEN; i++) {
            be[i] = littleEndian[KEY_LEN - 1 - i];
        }
        be[0] &= 0x7f; // RFC 7748: ignore the top bit of the u-coordinate
        return new BigInteger(1, be);
    }
}
