package io.github.dbsnap.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;

/**
 * ChaCha20-Poly1305 through JCA, one instance per thread: through {@link AeadProvider#PROVIDER} (Conscrypt when
 * it is on the class path and the JDK is older than 25) or the JDK's own (intrinsified from JDK 25 on this
 * project's measurements). The ciphertext is the same either way.
 */
final class Aead {
    static final int TAG_LEN = 16;
    static final int NONCE_LEN = 12;
    private static final ThreadLocal<Cipher> ENCRYPTORS = ThreadLocal.withInitial(Aead::newCipher);
    private static final ThreadLocal<Cipher> DECRYPTORS = ThreadLocal.withInitial(Aead::newCipher);

    private Aead() {
    }

    /** Encrypts {@code len} bytes of {@code in} into {@code out} (which has room for {@code len + 16}). */
    static int seal(byte[] key, byte[] nonce, byte[] in, int off, int len, byte[] out) {
        try {
            Cipher c = initialized(ENCRYPTORS, Cipher.ENCRYPT_MODE, key, nonce);
            return c.doFinal(in, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates {@code len} bytes of {@code in} into {@code out}.
     *
     * @return the plaintext length
     * @throws AEADBadTagException when the tag does not match (wrong key, tampered or truncated data)
     */
    static int open(byte[] key, byte[] nonce, byte[] in, int off, int len, byte[] out) throws AEADBadTagException {
        if (len < TAG_LEN) {
            throw new AEADBadTagException("ciphertext shorter than its tag");
        }
        try {
            Cipher c = initialized(DECRYPTORS, Cipher.DECRYPT_MODE, key, nonce);
            return c.doFinal(in, off, len, out, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    /**
     * @return this thread's cipher for {@code mode}, initialized with {@code key} and {@code nonce}. JCA ciphers
     *         refuse a re-init with their previous key and nonce (the JDK's even for decryption, which happens when
     *         one thread reads the same file twice); a fresh instance has no history, so it replaces the old one.
     */
    private static Cipher initialized(ThreadLocal<Cipher> perThread, int mode, byte[] key, byte[] nonce)
            throws GeneralSecurityException {
        Cipher c = perThread.get();
        try {
            c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            c = newCipher();
            perThread.set(c);
            c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        }
        return c;
    }

    /** Wraps a file key under a single-use key with the all-zero nonce, as age's stanzas do. */
    static byte[] wrap(byte[] key, byte[] fileKey) {
        byte[] out = new byte[fileKey.length + TAG_LEN];
        seal(key, new byte[NONCE_LEN], fileKey, 0, fileKey.length, out);
        return out;
    }

    /** @return the unwrapped file key, or null when the tag does not match */
    static byte[] unwrap(byte[] key, byte[] body) {
        byte[] out = new byte[body.length];
        try {
            int n = open(key, new byte[NONCE_LEN], body, 0, body.length, out);
            byte[] fileKey = java.util.Arrays.copyOf(out, n);
            java.util.Arrays.fill(out, (byte) 0);
            return fileKey;
        } catch (AEADBadTagException e) {
            return null;
        }
    }

    private static Cipher newCipher() {
        try {
            return AeadProvider.PROVIDER == null ? Cipher.getInstance(AeadProvider.ALGORITHM)
                    : Cipher.getInstance(AeadProvider.ALGORITHM, AeadProvider.PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is not available in this JDK", e);
        }
    }
}
