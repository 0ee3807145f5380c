package io.github.dbsnap.crypto;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.EncryptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hybrid post-quantum type: keys, round trips, mixing rules, and damaged stanzas derived from the age spec. */
class AgeHybridTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID = AgeEncryption.generateHybridIdentity();
    private static final String RECIPIENT = AgeEncryption.recipientOf(ID);
    private static final AgeEncryption MINE = AgeTesting.identity(ID);

    @Test
    @DisplayName("a generated hybrid identity has the spec's encodings and round trips a multi-chunk file")
    void roundTrip() throws Exception {
        assertThat(ID).startsWith("AGE-SECRET-KEY-PQ-1").isUpperCase();
        assertThat(RECIPIENT).startsWith("age1pq1");
        assertThat(Bech32.decode(RECIPIENT).data()).hasSize(1216);
        byte[] plain = data(300_000, 1);
        byte[] file = encrypt(AgeTesting.recipients(RECIPIENT), plain);
        assertThat(decrypt(MINE, file)).isEqualTo(plain);
        assertThat(MINE.recipients()).containsExactly(RECIPIENT);
    }

    @Test
    @DisplayName("the spec's example hybrid identity gives its example recipient's length and prefix")
    void specExampleIdentity() {
        String r = AgeEncryption.recipientOf("AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR");
        assertThat(r).startsWith("age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg87pzf5zrqtzdxz95paef6caq5");
        assertThat(r).endsWith("0k");
    }

    @Test
    @DisplayName("recipients mixing post-quantum and X25519 keys are refused, as the age spec advises against them")
    void mixingIsRefused() {
        String x = AgeEncryption.recipientOf(AgeEncryption.generateIdentity());
        assertThatThrownBy(() -> AgeTesting.recipients(RECIPIENT, x)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mix post-quantum (age1pq1…) and X25519 (age1…)");
    }

    @Test
    @DisplayName("an X25519 identity beside post-quantum recipients only decrypts; files go to the post-quantum keys")
    void x25519IdentityOnlyDecryptsBesidePq() throws Exception {
        String old = AgeEncryption.generateIdentity();
        AgeEncryption both = AgeEncryption.of(List.of(RECIPIENT), List.of(old), null);
        assertThat(both.recipients()).containsExactly(RECIPIENT);
        byte[] plain = data(1000, 2);
        assertThat(decrypt(MINE, encrypt(both, plain))).isEqualTo(plain);
        byte[] oldFile = encrypt(AgeTesting.recipients(AgeEncryption.recipientOf(old)), plain);
        assertThat(decrypt(both, oldFile)).isEqualTo(plain);
    }

    @Test
    @DisplayName("a hybrid identity given for an X25519-only file fails with one clear message")
    void hybridIdentityForX25519File() throws Exception {
        byte[] file = encrypt(AgeTesting.recipients(AgeEncryption.recipientOf(AgeEncryption.generateIdentity())), data(10, 3));
        assertThatThrownBy(() -> decrypt(MINE, file)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("1 X25519 (age1…) recipient(s) only")
                .hasMessageContaining("post-quantum AGE-SECRET-KEY-PQ-1…");
    }

    @Test
    @DisplayName("a hybrid stanza for another key is skipped, and the next one opens the file")
    void otherKeysStanzaIsSkipped() throws Exception {
        String other = AgeEncryption.recipientOf(AgeEncryption.generateHybridIdentity());
        byte[] plain = data(1000, 4);
        assertThat(decrypt(MINE, encrypt(AgeTesting.recipients(other, RECIPIENT), plain))).isEqualTo(plain);
    }

    @Test
    @DisplayName("a grease stanza beside a hybrid one is ignored")
    void greaseIsIgnored() throws Exception {
        byte[] plain = data(70_000, 5);
        byte[] file = handMade(plain, key -> List.of(
                new Stanza("i-am-grease", List.of("x", "y=z"), data(40, 6)),
                new HybridRecipient(pub()).wrap(key, RANDOM)));
        assertThat(decrypt(MINE, file)).isEqualTo(plain);
    }

    @Test
    @DisplayName("a share of the wrong length is refused")
    void wrongShareLength() {
        assertRefused(s -> withShare(s, Arrays.copyOf(share(s), 1119)), "not the canonical base64 of 1120 bytes");
        assertRefused(s -> withShare(s, Arrays.copyOf(share(s), 1121)), "not the canonical base64 of 1120 bytes");
    }

    @Test
    @DisplayName("a low-order X25519 share is refused")
    void lowOrderShare() {
        for (int u : new int[] {0, 1}) {
            assertRefused(s -> {
                byte[] enc = share(s);
                Arrays.fill(enc, 1088, 1120, (byte) 0);
                enc[1088] = (byte) u;
                return withShare(s, enc);
            }, "low-order X25519 share");
        }
    }

    @Test
    @DisplayName("a non-canonical base64 share (non-zero trailing bits) is refused")
    void nonCanonicalShare() {
        assertRefused(s -> {
            String arg = s.args().get(0);
            char last = arg.charAt(arg.length() - 1);
            String bent = arg.substring(0, arg.length() - 1) + (char) (last == 'A' ? 'B' : last + 1);
            return new Stanza(s.type(), List.of(bent), s.body());
        }, "not the canonical base64");
    }

    @Test
    @DisplayName("extra stanza arguments are refused")
    void extraArgument() {
        assertRefused(s -> new Stanza(s.type(), List.of(s.args().get(0), "extra"), s.body()), "canonical base64 of 1120");
    }

    @Test
    @DisplayName("a wrapped file key of the wrong length (17 bytes) is refused before decryption")
    void wrongFileKeyLength() {
        assertRefused(s -> {
            byte[] key17 = data(17, 7);
            MlKem768X25519.Encapsulated e;
            try {
                e = MlKem768X25519.encapsulate(pub(), RANDOM);
            } catch (java.security.InvalidKeyException ex) {
                throw new AssertionError(ex);
            }
            Hpke.Context ctx = Hpke.keySchedule(e.sharedSecret(), HybridRecipient.INFO);
            byte[] body = new byte[key17.length + 16];
            Aead.seal(ctx.key(), ctx.nonce(), key17, 0, key17.length, body);
            return new Stanza(s.type(), List.of(Base64s.encode(e.enc())), body);
        }, "its body is 33 bytes, not 32");
    }

    @Test
    @DisplayName("a recipient whose ML-KEM key is not canonically encoded, or of the wrong length, is refused")
    void badRecipients() {
        byte[] pk = pub();
        pk[0] = (byte) 0xff;
        pk[1] = (byte) 0x0f; // coefficient 4095 >= q
        assertThatThrownBy(() -> AgeTesting.recipients(Bech32.encode("age1pq", pk)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not canonically encoded");
        assertThatThrownBy(() -> AgeTesting.recipients(Bech32.encode("age1pq", Arrays.copyOf(pub(), 1215))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("wrong key length");
    }

    private static byte[] pub() {
        return Bech32.decode(RECIPIENT).data();
    }

    private static byte[] share(Stanza s) {
        return Base64s.decode(s.args().get(0));
    }

    private static Stanza withShare(Stanza s, byte[] enc) {
        return new Stanza(s.type(), List.of(Base64s.encode(enc)), s.body());
    }

    /** A damaged hybrid stanza makes decryption fail with EncryptionException, before any plaintext. */
    private static void assertRefused(java.util.function.UnaryOperator<Stanza> damage, String message) {
        byte[] plain = data(1000, 8);
        byte[] file;
        try {
            file = handMade(plain, key -> List.of(damage.apply(new HybridRecipient(pub()).wrap(key, RANDOM))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> decrypt(MINE, file)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining(message);
    }

    /** Builds an age file with chosen stanzas and a valid header MAC. */
    static byte[] handMade(byte[] plain, java.util.function.Function<byte[], List<Stanza>> stanzas) throws Exception {
        byte[] fileKey = data(16, RANDOM.nextLong());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AgeFormat.writeHeader(sink, new ArrayList<>(stanzas.apply(fileKey)), fileKey);
        byte[] nonce = data(16, 11);
        sink.write(nonce);
        try (OutputStream out = new EncryptingOutputStream(sink, AgeFormat.payloadKey(fileKey, nonce), new ChunkWorkers(1))) {
            out.write(plain);
        }
        return sink.toByteArray();
    }

    static String text(byte[] file) {
        return new String(file, StandardCharsets.ISO_8859_1);
    }
}
