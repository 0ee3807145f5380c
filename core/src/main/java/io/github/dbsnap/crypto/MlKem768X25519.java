package io.github.dbsnap.crypto;

import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The MLKEM768-X25519 hybrid KEM (X-Wing) that age's {@code mlkem768x25519} stanza uses: ML-KEM-768 from
 * BouncyCastle, X25519 from the JDK, joined by X-Wing's SHA3-256 combiner. A private key is a 32-byte seed,
 * expanded with SHAKE256 into the ML-KEM seed (d || z) and the X25519 scalar.
 */
final class MlKem768X25519 {
    static final int SEED_LEN = 32;
    static final int MLKEM_PUBLIC_LEN = 1184;
    static final int MLKEM_CIPHERTEXT_LEN = 1088;
    static final int PUBLIC_LEN = MLKEM_PUBLIC_LEN + X25519.KEY_LEN;
    static final int ENC_LEN = MLKEM_CIPHERTEXT_LEN + X25519.KEY_LEN;
    private static final byte[] LABEL = "\\.//^\\".getBytes(StandardCharsets.US_ASCII);
    private static final int Q = 3329;

    /** An expanded private key; {@link #destroy()} clears what can be cleared. */
    static final class KeyPair {
        private final MLKEMPrivateKeyParameters mlkem;
        private final byte[] scalar;
        private final byte[] publicKey;

        private KeyPair(byte[] seed) {
            SHAKEDigest shake = new SHAKEDigest(256);
            shake.update(seed, 0, seed.length);
            byte[] expanded = new byte[64 + X25519.KEY_LEN];
            shake.doFinal(expanded, 0, expanded.length);
            this.mlkem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, Arrays.copyOf(expanded, 64));
            this.scalar = Arrays.copyOfRange(expanded, 64, expanded.length);
            Arrays.fill(expanded, (byte) 0);
            this.publicKey = X25519Recipient.concat(mlkem.getPublicKey(), X25519.publicKey(scalar));
        }

        byte[] publicKey() {
            return publicKey.clone();
        }

        void destroy() {
            Arrays.fill(scalar, (byte) 0);
            mlkem.destroy();
        }
    }

    /** The result of an encapsulation: the 1120-byte {@code enc} and the 32-byte shared secret. */
    record Encapsulated(byte[] enc, byte[] sharedSecret) {
    }

    private MlKem768X25519() {
    }

    static KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_LEN) {
            throw new IllegalArgumentException("wrong key length");
        }
        return new KeyPair(seed);
    }

    /**
     * Checks an encapsulation key as FIPS 203 requires before use: the right length, every 12-bit coefficient
     * of the ML-KEM part below q (the canonical encoding), and an X25519 part that is not a low-order point.
     *
     * @throws IllegalArgumentException with a reason that never repeats the key
     */
    static void check(byte[] publicKey) {
        if (publicKey.length != PUBLIC_LEN) {
            throw new IllegalArgumentException("wrong key length");
        }
        for (int i = 0; i + 3 <= MLKEM_PUBLIC_LEN - 32; i += 3) {
            int b0 = publicKey[i] & 0xff;
            int b1 = publicKey[i + 1] & 0xff;
            int b2 = publicKey[i + 2] & 0xff;
            if ((b0 | (b1 & 0x0f) << 8) >= Q || (b1 >> 4 | b2 << 4) >= Q) {
                throw new IllegalArgumentException("ML-KEM-768 key is not canonically encoded");
            }
        }
        byte[] probe = new byte[X25519.KEY_LEN];
        probe[0] = 8;
        probe[31] = 64;
        try {
            Arrays.fill(X25519.agree(probe, Arrays.copyOfRange(publicKey, MLKEM_PUBLIC_LEN, PUBLIC_LEN)), (byte) 0);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("X25519 part is a low-order point");
        }
    }

    /** @throws InvalidKeyException when the recipient's X25519 part is a low-order point */
    static Encapsulated encapsulate(byte[] publicKey, SecureRandom random) throws InvalidKeyException {
        byte[] pkX = Arrays.copyOfRange(publicKey, MLKEM_PUBLIC_LEN, PUBLIC_LEN);
        MLKEMPublicKeyParameters pkM = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768,
                Arrays.copyOf(publicKey, MLKEM_PUBLIC_LEN));
        SecretWithEncapsulation m = new MLKEMGenerator(random).generateEncapsulated(pkM);
        byte[] ephemeral = new byte[X25519.KEY_LEN];
        random.nextBytes(ephemeral);
        byte[] ctX = X25519.publicKey(ephemeral);
        byte[] ssX;
        try {
            ssX = X25519.agree(ephemeral, pkX);
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
        }
        byte[] ssM = m.getSecret();
        byte[] ss = combine(ssM, ssX, ctX, pkX);
        Arrays.fill(ssM, (byte) 0);
        Arrays.fill(ssX, (byte) 0);
        return new Encapsulated(X25519Recipient.concat(m.getEncapsulation(), ctX), ss);
    }

    /**
     * @param enc exactly {@link #ENC_LEN} bytes
     * @throws InvalidKeyException when the X25519 share is a low-order point (the X25519 secret is zero)
     */
    static byte[] decapsulate(byte[] enc, KeyPair key) throws InvalidKeyException {
        byte[] ctX = Arrays.copyOfRange(enc, MLKEM_CIPHERTEXT_LEN, ENC_LEN);
        byte[] ssX = X25519.agree(key.scalar, ctX);
        // ML-KEM decapsulation never fails: a wrong ciphertext yields an unrelated (implicit rejection) secret
        byte[] ssM = new MLKEMExtractor(key.mlkem).extractSecret(Arrays.copyOf(enc, MLKEM_CIPHERTEXT_LEN));
        byte[] pkX = Arrays.copyOfRange(key.publicKey, MLKEM_PUBLIC_LEN, PUBLIC_LEN);
        byte[] ss = combine(ssM, ssX, ctX, pkX);
        Arrays.fill(ssM, (byte) 0);
        Arrays.fill(ssX, (byte) 0);
        return ss;
    }

    private static byte[] combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX) {
        SHA3Digest sha3 = new SHA3Digest(256);
        for (byte[] part : new byte[][] {ssM, ssX, ctX, pkX, LABEL}) {
            sha3.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        sha3.doFinal(out, 0);
        return out;
    }
}
