package io.github.dbsnap.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An {@code age1pq1…} hybrid post-quantum public key: wraps a file key in an {@code mlkem768x25519} stanza. */
final class HybridRecipient implements AgeRecipient {
    static final String HRP = "age1pq";
    static final String TYPE = "mlkem768x25519";
    static final byte[] INFO = "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);
    private final byte[] publicKey;

    HybridRecipient(byte[] publicKey) {
        this.publicKey = publicKey.clone();
    }

    /** @throws IllegalArgumentException with a reason that never repeats the key */
    static HybridRecipient parse(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        if (!d.hrp().equals(HRP)) {
            throw new IllegalArgumentException("not an age1pq1… public key");
        }
        if (!s.equals(s.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("age1pq1… public keys are lower case");
        }
        MlKem768X25519.check(d.data());
        return new HybridRecipient(d.data());
    }

    @Override
    public boolean postQuantum() {
        return true;
    }

    @Override
    public Stanza wrap(byte[] fileKey, SecureRandom random) {
        MlKem768X25519.Encapsulated e;
        try {
            e = MlKem768X25519.encapsulate(publicKey, random);
        } catch (InvalidKeyException ex) {
            throw new IllegalArgumentException("recipient is not a usable age1pq1… public key", ex);
        }
        Hpke.Context ctx = Hpke.keySchedule(e.sharedSecret(), INFO);
        Arrays.fill(e.sharedSecret(), (byte) 0);
        byte[] body = new byte[fileKey.length + Aead.TAG_LEN];
        Aead.seal(ctx.key(), ctx.nonce(), fileKey, 0, fileKey.length, body);
        ctx.destroy();
        return new Stanza(TYPE, List.of(Base64s.encode(e.enc())), body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HybridRecipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return Bech32.encode(HRP, publicKey);
    }
}
