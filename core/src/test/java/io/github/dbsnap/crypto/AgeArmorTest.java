package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ASCII armor: what we write, what we accept, and the strict rules the age spec sets. */
class AgeArmorTest {
    private static final String ID = AgeEncryption.generateIdentity();
    private static final AgeEncryption MINE = AgeTesting.identity(ID);
    private static final byte[] PLAIN = data(100_000, 1);

    private static String armored() throws Exception {
        return new String(encrypt(MINE.withArmor(true), PLAIN), StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("armored output has 64-column lines of padded base64 between the markers and decrypts")
    void writesStrictPem() throws Exception {
        String a = armored();
        List<String> lines = a.lines().toList();
        assertThat(lines.get(0)).isEqualTo("-----BEGIN AGE ENCRYPTED FILE-----");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END AGE ENCRYPTED FILE-----");
        List<String> body = lines.subList(1, lines.size() - 1);
        body.subList(0, body.size() - 1).forEach(l -> assertThat(l).hasSize(64));
        assertThat(body.get(body.size() - 1).length()).isBetween(4, 64);
        assertThat(a).endsWith("\n");
        assertThat(AgeEncryption.isEncrypted(a.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(decrypt(MINE, a.getBytes(StandardCharsets.US_ASCII))).isEqualTo(PLAIN);
    }

    @Test
    @DisplayName("CRLF line endings and whitespace around the block are accepted, as the spec allows")
    void lenientWhereTheSpecAllows() throws Exception {
        String a = "\n  \t" + armored().replace("\n", "\r\n") + " \n\n";
        assertThat(decrypt(MINE, a.getBytes(StandardCharsets.US_ASCII))).isEqualTo(PLAIN);
    }

    @Test
    @DisplayName("bad base64, bad line lengths, a missing end line and data after it are refused")
    void strictElsewhere() throws Exception {
        String a = armored();
        String firstLine = a.lines().skip(1).findFirst().orElseThrow();
        assertRefused(a.replace(firstLine, "!" + firstLine.substring(1)), "not standard base64");
        String later = a.lines().skip(20).findFirst().orElseThrow(); // in the payload, after the header was read
        assertRefused(a.replace(later, later.substring(4)), "a line shorter than 64 characters is not the last");
        assertRefused(a.replace(firstLine, firstLine + "AAAA"), "68 characters long");
        assertRefused(a.replace(firstLine, firstLine.substring(1)), "multiple of 4");
        assertRefused(a.replace(firstLine + "\n", firstLine + "\n\n"), "0 characters long");
        assertRefused(a.replace("-----END AGE ENCRYPTED FILE-----\n", ""), "truncated");
        assertRefused(a + "x", "data after");
        assertRefused(a.replace("BEGIN AGE ENCRYPTED FILE", "BEGIN AGE ENCRYPTED FILES"), "does not start with");
        assertRefused("-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n", "no data");
    }

    @Test
    @DisplayName("non-canonical padding bits, and padding inside a full line, are refused")
    void nonCanonicalBase64() throws Exception {
        String begin = "-----BEGIN AGE ENCRYPTED FILE-----\n";
        String end = "-----END AGE ENCRYPTED FILE-----\n";
        try (var in = new ArmorInputStream(new java.io.ByteArrayInputStream((begin + "AA==\n" + end).getBytes()))) {
            assertThat(in.readAllBytes()).containsExactly(0);
        }
        for (String body : List.of("AB==\n", "AAB=\n", "A".repeat(60) + "AA==\nAAAA\n")) {
            assertThatThrownBy(() -> new ArmorInputStream(new java.io.ByteArrayInputStream((begin + body + end).getBytes()))
                    .readAllBytes()).isInstanceOf(EncryptionException.class).hasMessageContaining("ASCII armor is malformed");
        }
    }

    private static void assertRefused(String armor, String message) {
        assertThatThrownBy(() -> decrypt(MINE, armor.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(EncryptionException.class).hasMessageContaining("ASCII armor is malformed")
                .hasMessageContaining(message);
    }
}
