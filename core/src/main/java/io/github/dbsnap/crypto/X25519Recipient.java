package io.github.dbsnap.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** An {@code age1…} public key: wraps a file key in an {@code X25519} stanza. */
final class X25519Recipient implements AgeRecipient {
    static final String HRP = "age";
    static final String TYPE = "X25519";
    static final String INFO = "age-encryption.org/v1/X25519";
    private final byte[] publicKey;

    X25519Recipient(byte[] publicKey) {
        this.publicKey = publicKey.clone();
    }

    /** @throws IllegalArgumentException with a reason that never repeats the key */
    static X25519Recipient parse(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        if (!d.hrp().equals(HRP)) {
            throw new IllegalArgumentException("not an age1… public key");
        }
        if (d.data().length != X25519.KEY_LEN) {
            throw new IllegalArgumentException("wrong key length");
        }
        if (!s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("age1… public keys are lower case");
        }
        try {
            // a low-order point makes every shared secret zero; reject it now rather than at the first snapshot
            byte[] probe = new byte[X25519.KEY_LEN];
            probe[0] = 8;
            probe[31] = 64;
            Arrays.fill(X25519.agree(probe, d.data()), (byte) 0);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable X25519 public key (low order point)");
        }
        return new X25519Recipient(d.data());
    }

    @Override
    public boolean postQuantum() {
        return false;
    }

    @Override
    public Stanza wrap(byte[] fileKey, SecureRandom random) {
        byte[] ephemeral = new byte[X25519.KEY_LEN];
        random.nextBytes(ephemeral);
        byte[] share = X25519.publicKey(ephemeral);
        byte[] shared;
        try {
            shared = X25519.agree(ephemeral, publicKey);
        } catch (InvalidKeyException e) {
            // a low-order recipient key would let anyone decrypt; refuse it rather than write a weak file
            throw new IllegalArgumentException("recipient " + this + " is not a usable X25519 public key", e);
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
        }
        byte[] wrapKey = Hkdf.derive(concat(share, publicKey), shared, INFO);
        Arrays.fill(shared, (byte) 0);
        byte[] body = Aead.wrap(wrapKey, fileKey);
        Arrays.fill(wrapKey, (byte) 0);
        return new Stanza(TYPE, List.of(Base64s.encode(share)), body);
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X25519Recipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** @return the {@code age1…} form; a public key is not secret */
    @Override
    public String toString() {
        return Bech32.encode(HRP, publicKey);
    }
}
