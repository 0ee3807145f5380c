package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;

import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeHostileInputTest {
    private static final String ID = AgeEncryption.generateIdentity();
    private static final AgeEncryption AGE = AgeEncryption.of(List.of(), List.of(ID), "pw".toCharArray());
    private static final String V1 = "age-encryption.org/v1\n";
    private static final String SALT = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final String BODY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String MAC = "--- " + BODY + "\n";

    @Test
    @DisplayName("random input, with or without a valid first line, fails cleanly")
    void randomInputFails() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(4096)];
            random.nextBytes(noise);
            assertThatThrownBy(() -> decrypt(AGE, noise)).isInstanceOf(EncryptionException.class);
            byte[] prefixed = concat(V1.getBytes(StandardCharsets.US_ASCII), noise);
            assertThatThrownBy(() -> decrypt(AGE, prefixed)).isInstanceOf(EncryptionException.class);
        }
    }

    @Test
    @DisplayName("random payload after a valid header fails authentication at the first chunk")
    void randomPayloadFails() throws Exception {
        byte[] file = encrypt(AGE, data(0, 1));
        int start = AgeRoundTripTest.headerAndNonce(file);
        byte[] noisy = concat(java.util.Arrays.copyOf(file, start), data(1 << 20, 2));
        assertThatThrownBy(() -> decrypt(AGE, noisy)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("chunk 0");
    }

    @Test
    @DisplayName("an endless header line is cut off at 64 KiB")
    void oversizedHeaderIsRefused() {
        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                return n++ < V1.length() ? V1.charAt((int) n - 1) : 'A';
            }
        };
        assertThatThrownBy(() -> AGE.decrypt(endless)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("larger than 64 KiB");
    }

    @Test
    @DisplayName("more than 64 stanzas are refused")
    void tooManyStanzas() {
        String header = V1 + ("-> X25519 " + SALT + "\n" + BODY + "\n").repeat(65) + MAC;
        assertThatThrownBy(() -> decrypt(AGE, ascii(header))).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("more than 64 recipient stanzas");
    }

    @Test
    @DisplayName("a scrypt work factor above 2^20 is refused before any work")
    void scryptWorkFactorCap() {
        String header = V1 + "-> scrypt " + SALT + " 30\n" + BODY + "\n" + MAC;
        assertThatThrownBy(() -> decrypt(AGE, ascii(header))).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("2^30").hasMessageContaining("maximum 2^20");
        String leadingZero = V1 + "-> scrypt " + SALT + " 08\n" + BODY + "\n" + MAC;
        assertThatThrownBy(() -> decrypt(AGE, ascii(leadingZero))).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("malformed age scrypt");
    }

    @Test
    @DisplayName("a scrypt stanza next to another stanza is refused")
    void scryptMustBeAlone() {
        String header = V1 + "-> X25519 " + SALT + "\n" + BODY + "\n-> scrypt " + SALT + " 10\n" + BODY + "\n" + MAC;
        assertThatThrownBy(() -> decrypt(AGE, ascii(header))).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("must be the only one");
    }

    @Test
    @DisplayName("malformed base64 and stanza lines are refused")
    void malformedLines() {
        List<String> bad = List.of(
                V1 + "-> X25519 " + SALT + "\n" + BODY.substring(1) + "B\n" + MAC,   // non-zero trailing bits
                V1 + "-> X25519 " + SALT + "\n" + BODY + "=\n" + MAC,                 // padding
                V1 + "-> X25519 " + SALT + "\n" + "A".repeat(65) + "\n\n" + MAC,      // over-long body line
                V1 + "-> X25519  " + SALT + "\n" + BODY + "\n" + MAC,                 // empty argument
                V1 + "-> X25519 " + SALT + "\n" + BODY + "\n--- AAAA\n",              // short MAC
                V1 + "-> X25519 " + SALT + "\n" + BODY + "\n" + "-- " + BODY + "\n",  // bad footer
                V1 + MAC,                                                             // no stanzas
                V1 + "-> X25519 " + SALT + "\r\n" + BODY + "\n" + MAC,                // CR
                "age-encryption.org/v2\n" + MAC,
                "-----BEGIN AGE ENCRYPTED FILE-----\n");
        for (String h : bad) {
            assertThatThrownBy(() -> decrypt(AGE, ascii(h))).as(h).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("malformed");
        }
    }

    @Test
    @DisplayName("unknown stanza types, such as grease, are skipped")
    void unknownStanzasAreSkipped() throws Exception {
        byte[] fileKey = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(fileKey);
        Stanza grease = new Stanza("j#-grease", List.of("x", "!~"), data(70, 3));
        Stanza mine = X25519Identity.parse(ID).recipient().wrap(fileKey, random);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AgeFormat.writeHeader(sink, List.of(grease, mine), fileKey);
        byte[] nonce = new byte[16];
        sink.write(nonce);
        try (OutputStream out = new EncryptingOutputStream(sink, AgeFormat.payloadKey(fileKey, nonce),
                new ChunkWorkers(1))) {
            out.write(data(1000, 4));
        }
        assertThat(decrypt(AGE, sink.toByteArray())).isEqualTo(data(1000, 4));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return X25519Recipient.concat(a, b);
    }
}
