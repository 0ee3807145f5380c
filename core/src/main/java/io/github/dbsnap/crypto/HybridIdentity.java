package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import javax.crypto.AEADBadTagException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An {@code AGE-SECRET-KEY-PQ-1…} identity (a 32-byte seed): unwraps {@code mlkem768x25519} stanzas. */
final class HybridIdentity implements AgeIdentity {
    static final String HRP = "age-secret-key-pq-";
    private final byte[] seed;
    private final MlKem768X25519.KeyPair keys;

    private HybridIdentity(byte[] seed) {
        this.seed = seed;
        this.keys = MlKem768X25519.fromSeed(seed);
    }

    /** @throws IllegalArgumentException with a reason that never repeats the key */
    static HybridIdentity parse(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        if (!d.hrp().equals(HRP)) {
            Arrays.fill(d.data(), (byte) 0);
            throw new IllegalArgumentException("not an AGE-SECRET-KEY-PQ-1… identity");
        }
        if (d.data().length != MlKem768X25519.SEED_LEN) {
            Arrays.fill(d.data(), (byte) 0);
            throw new IllegalArgumentException("wrong key length");
        }
        return new HybridIdentity(d.data());
    }

    static HybridIdentity of(byte[] seed) {
        return new HybridIdentity(seed.clone());
    }

    @Override
    public String stanzaType() {
        return HybridRecipient.TYPE;
    }

    @Override
    public HybridRecipient recipient() {
        return new HybridRecipient(keys.publicKey());
    }

    @Override
    public String encode() {
        return Bech32.encode(HRP, seed).toUpperCase(Locale.ROOT);
    }

    @Override
    public byte[] unwrap(Stanza stanza) {
        List<String> args = stanza.args();
        byte[] enc = args.size() == 1 ? Base64s.decode(args.get(0)) : null;
        byte[] body = stanza.body();
        if (enc == null || enc.length != MlKem768X25519.ENC_LEN) {
            throw new EncryptionException("snapshot has a malformed age mlkem768x25519 recipient stanza (its share is "
                    + "not the canonical base64 of " + MlKem768X25519.ENC_LEN + " bytes)");
        }
        // checked before any decryption, against partitioning oracles (age spec)
        if (body.length != AgeFormat.FILE_KEY_LEN + Aead.TAG_LEN) {
            throw new EncryptionException("snapshot has a malformed age mlkem768x25519 recipient stanza (its body is "
                    + body.length + " bytes, not " + (AgeFormat.FILE_KEY_LEN + Aead.TAG_LEN) + ")");
        }
        byte[] shared;
        try {
            shared = MlKem768X25519.decapsulate(enc, keys);
        } catch (InvalidKeyException e) {
            throw new EncryptionException("snapshot has a malformed age mlkem768x25519 recipient stanza (low-order "
                    + "X25519 share)");
        }
        Hpke.Context ctx = Hpke.keySchedule(shared, HybridRecipient.INFO);
        Arrays.fill(shared, (byte) 0);
        byte[] out = new byte[body.length];
        try {
            int n = Aead.open(ctx.key(), ctx.nonce(), body, 0, body.length, out);
            return Arrays.copyOf(out, n);
        } catch (AEADBadTagException e) {
            return null; // addressed to another key
        } finally {
            ctx.destroy();
            Arrays.fill(out, (byte) 0);
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(seed, (byte) 0);
        keys.destroy();
    }

    @Override
    public String toString() {
        return "HybridIdentity{" + recipient().toString().substring(0, 16) + "…}";
    }
}
