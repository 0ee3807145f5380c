package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An {@code AGE-SECRET-KEY-1…} identity: unwraps the file key from {@code X25519} stanzas addressed to it. */
final class X25519Identity implements AgeIdentity {
    static final String HRP = "age-secret-key-";
    private final byte[] scalar;
    private final byte[] publicKey;

    private X25519Identity(byte[] scalar) {
        this.scalar = scalar;
        this.publicKey = X25519.publicKey(scalar);
    }

    /** @throws IllegalArgumentException with a reason that never repeats the key */
    static X25519Identity parse(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        if (!d.hrp().equals(HRP)) {
            throw new IllegalArgumentException("not an AGE-SECRET-KEY-1… identity");
        }
        if (d.data().length != X25519.KEY_LEN) {
            Arrays.fill(d.data(), (byte) 0);
            throw new IllegalArgumentException("wrong key length");
        }
        return new X25519Identity(d.data());
    }

    static X25519Identity of(byte[] scalar) {
        return new X25519Identity(scalar.clone());
    }

    @Override
    public String stanzaType() {
        return X25519Recipient.TYPE;
    }

    @Override
    public X25519Recipient recipient() {
        return new X25519Recipient(publicKey);
    }

    /** @return the {@code AGE-SECRET-KEY-1…} encoding; only for key generation, never for logs */
    @Override
    public String encode() {
        return Bech32.encode(HRP, scalar).toUpperCase(Locale.ROOT);
    }

    /**
     * @return the file key, or null when the stanza is for another recipient
     * @throws EncryptionException when the stanza is malformed
     */
    @Override
    public byte[] unwrap(Stanza stanza) {
        List<String> args = stanza.args();
        byte[] share = args.size() == 1 ? Base64s.decode(args.get(0)) : null;
        byte[] body = stanza.body();
        if (share == null || share.length != X25519.KEY_LEN || body.length != AgeFormat.FILE_KEY_LEN + Aead.TAG_LEN) {
            throw new EncryptionException("snapshot has a malformed age X25519 recipient stanza");
        }
        byte[] shared;
        try {
            shared = X25519.agree(scalar, share);
        } catch (InvalidKeyException e) {
            throw new EncryptionException("snapshot has a malformed age X25519 recipient stanza (low-order share)");
        }
        byte[] wrapKey = Hkdf.derive(X25519Recipient.concat(share, publicKey), shared, X25519Recipient.INFO);
        Arrays.fill(shared, (byte) 0);
        try {
            return Aead.unwrap(wrapKey, body);
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(scalar, (byte) 0);
    }

    @Override
    public String toString() {
        return "X25519Identity{" + recipient() + "}";
    }
}
