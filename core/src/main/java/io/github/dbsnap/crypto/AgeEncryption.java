package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The age (age-encryption.org/v1) layer of a snapshot: who it is encrypted to and what can decrypt it.
 * Immutable and thread-safe; {@link #toString()} never shows key material.
 */
public final class AgeEncryption {
    private final List<String> recipients;
    private final List<String> identities;
    private final char[] passphrase;

    private AgeEncryption(List<String> recipients, List<String> identities, char[] passphrase) {
        this.recipients = List.copyOf(recipients);
        this.identities = List.copyOf(identities);
        this.passphrase = passphrase == null ? null : passphrase.clone();
    }

    /**
     * @param recipients {@code age1…} public keys to encrypt to
     * @param identities {@code AGE-SECRET-KEY-1…} keys to decrypt with (their public keys are recipients too)
     * @param passphrase a passphrase (scrypt recipient), or null
     */
    public static AgeEncryption of(List<String> recipients, List<String> identities, char[] passphrase) {
        return new AgeEncryption(recipients, identities, passphrase);
    }

    /** @return whether snapshots can be encrypted with these keys */
    public boolean canEncrypt() {
        return !recipients.isEmpty() || !identities.isEmpty() || passphrase != null;
    }

    /** @return whether snapshots can be decrypted with these keys */
    public boolean canDecrypt() {
        return !identities.isEmpty() || passphrase != null;
    }

    /** @return a stream encrypting into {@code out}; closing it writes the final chunk and closes {@code out} */
    public OutputStream encrypt(OutputStream out) throws IOException {
        throw new EncryptionException("age encryption is not available yet");
    }

    /** @return a stream decrypting {@code in}; every chunk is authenticated before it is returned */
    public InputStream decrypt(InputStream in) throws IOException {
        throw new EncryptionException("age decryption is not available yet");
    }

    @Override
    public String toString() {
        return "AgeEncryption{recipients=" + recipients.size() + ", identities=" + identities.size()
                + ", passphrase=" + (passphrase != null) + "}";
    }
}
