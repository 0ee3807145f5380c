package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.github.dbsnap.crypto.AgeTesting.CHUNK;
import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeRoundTripTest {
    private static final String ID = AgeEncryption.generateIdentity();
    private static final AgeEncryption AGE = AgeTesting.identity(ID);

    @ParameterizedTest(name = "{0} bytes, {1} thread(s)")
    @CsvSource({"0,1", "1,1", "65535,1", "65536,1", "65537,1", "196608,1", "3145735,1",
            "0,3", "1,3", "65536,3", "65537,3", "196608,3", "3145735,3"})
    @DisplayName("round trips at and around chunk boundaries, inline and on the worker pool")
    void roundTripsAtChunkBoundaries(int size, int threads) throws Exception {
        AgeEncryption age = AGE.withParallelism(threads);
        byte[] plain = data(size, size);
        byte[] file = encrypt(age, plain);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(file.length - headerAndNonce(file)).isEqualTo(size + 16L * chunks);
        assertThat(decrypt(age, file)).isEqualTo(plain);
        assertThat(decrypt(AGE.withParallelism(4 - threads), file)).isEqualTo(plain);
    }

    @Test
    @DisplayName("single-byte reads return the same bytes as bulk reads")
    void singleByteReads() throws Exception {
        byte[] plain = data(CHUNK + 10, 3);
        byte[] file = encrypt(AGE, plain);
        try (InputStream in = AGE.decrypt(new ByteArrayInputStream(file))) {
            for (byte b : plain) {
                assertThat(in.read()).isEqualTo(b & 0xff);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("several recipients: each identity alone decrypts")
    void eachOfSeveralIdentitiesDecrypts() throws Exception {
        String a = AgeEncryption.generateIdentity();
        String b = AgeEncryption.generateIdentity();
        String c = AgeEncryption.generateIdentity();
        AgeEncryption to = AgeTesting.recipients(AgeEncryption.recipientOf(a), AgeEncryption.recipientOf(b),
                AgeEncryption.recipientOf(c));
        assertThat(to.canDecrypt()).isFalse();
        byte[] plain = data(100_000, 9);
        byte[] file = encrypt(to, plain);
        for (String id : List.of(a, b, c)) {
            assertThat(decrypt(AgeTesting.identity(id), file)).isEqualTo(plain);
        }
        assertThat(header(file).split("\n-> X25519 ", -1)).hasSize(4);
        assertThat(header(file)).doesNotContain("scrypt");
    }

    @Test
    @DisplayName("an identity's own public key is a recipient, once, even when also listed")
    void identityIsItsOwnRecipient() {
        AgeEncryption age = AgeEncryption.of(List.of(AgeEncryption.recipientOf(ID)), List.of(ID), null);
        assertThat(age.recipients()).containsExactly(AgeEncryption.recipientOf(ID));
    }

    @Test
    @DisplayName("a passphrase alone encrypts with one scrypt stanza and decrypts")
    void passphraseRoundTrip() throws Exception {
        AgeEncryption age = AgeTesting.passphrase("correct horse battery staple");
        byte[] plain = data(CHUNK * 2 + 5, 4);
        byte[] file = encrypt(age, plain);
        assertThat(header(file)).matches("age-encryption\\.org/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n"
                + "[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n");
        assertThat(decrypt(AgeTesting.passphrase("correct horse battery staple"), file)).isEqualTo(plain);
    }

    @Test
    @DisplayName("keys and a passphrase together: files go to the keys, the passphrase only decrypts")
    void keysWinOverPassphraseForEncryption() throws Exception {
        AgeEncryption both = AgeEncryption.of(List.of(), List.of(ID), "pw".toCharArray()).withScryptWorkFactor(10);
        byte[] file = encrypt(both, data(10, 1));
        assertThat(header(file)).contains("-> X25519 ").doesNotContain("scrypt");
        assertThatThrownBy(() -> decrypt(AgeTesting.passphrase("pw"), file))
                .isInstanceOf(EncryptionException.class)
                .hasMessageContaining("AGE-SECRET-KEY-1… identity for one of them is needed");
        byte[] old = encrypt(AgeTesting.passphrase("pw"), data(10, 2));
        assertThat(decrypt(both, old)).isEqualTo(data(10, 2));
    }

    @Test
    @DisplayName("closing the encrypting stream closes the wrapped stream, and close is idempotent")
    void closeClosesWrappedStream() throws Exception {
        boolean[] closed = new boolean[1];
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        var out = AGE.encrypt(sink);
        out.write(1);
        out.close();
        out.close();
        assertThat(closed[0]).isTrue();
        assertThat(decrypt(AGE, sink.toByteArray())).containsExactly(1);
    }

    static int headerAndNonce(byte[] file) {
        return header(file).getBytes(StandardCharsets.US_ASCII).length + 16;
    }

    static String header(byte[] file) {
        String s = new String(file, StandardCharsets.ISO_8859_1);
        int mac = s.indexOf("\n--- ") + 1;
        return s.substring(0, s.indexOf('\n', mac) + 1);
    }
}
