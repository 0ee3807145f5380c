package io.github.dbsnap.crypto;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;

/** Interoperability, both ways, with typage: the age-encryption npm package, which has age 1.3's hybrid type. */
class TypageInteropTest {
    private static final int SIZE = 200_000; // three chunks, the last one partial

    @TempDir
    Path dir;
    private Typage typage;

    @BeforeEach
    void setUp() {
        typage = new Typage(dir);
    }

    @Test
    @DisplayName("hybrid post-quantum keys are the same in both: typage's identity gives our recipient, and ours theirs")
    void hybridKeysAgree() throws Exception {
        List<String> theirs = typage.keygen(true);
        assertThat(theirs.get(0)).startsWith("AGE-SECRET-KEY-PQ-1");
        assertThat(AgeEncryption.recipientOf(theirs.get(0))).isEqualTo(theirs.get(1)).startsWith("age1pq1");
        String ours = AgeEncryption.generateHybridIdentity();
        byte[] plain = data(1000, 9);
        byte[] file = typage.encrypt(plain, false, List.of(AgeEncryption.recipientOf(ours)));
        assertThat(decrypt(AgeTesting.identity(ours), file)).isEqualTo(plain);
    }

    @Test
    @DisplayName("typage decrypts what we encrypt to hybrid post-quantum recipients, and we decrypt what typage does")
    void hybridBothWays() throws Exception {
        List<String> a = typage.keygen(true);
        List<String> b = typage.keygen(true);
        byte[] plain = data(SIZE, 1);
        byte[] ours = encrypt(AgeTesting.recipients(a.get(1), b.get(1)), plain);
        assertThat(new String(ours, 0, 40, StandardCharsets.US_ASCII)).contains("-> mlkem768x25519 ");
        assertThat(typage.decrypt(ours, List.of(a.get(0)))).isEqualTo(plain);
        assertThat(typage.decrypt(ours, List.of(b.get(0)))).isEqualTo(plain);

        byte[] theirs = typage.encrypt(plain, false, List.of(a.get(1), b.get(1)));
        assertThat(decrypt(AgeTesting.identity(a.get(0)), theirs)).isEqualTo(plain);
        assertThat(decrypt(AgeTesting.identity(b.get(0)), theirs)).isEqualTo(plain);
    }

    @Test
    @DisplayName("X25519 files with several recipients interoperate both ways")
    void x25519BothWays() throws Exception {
        List<String> a = typage.keygen(false);
        String mine = AgeEncryption.generateIdentity();
        byte[] plain = data(SIZE, 2);
        byte[] ours = encrypt(AgeTesting.recipients(a.get(1), AgeEncryption.recipientOf(mine)), plain);
        assertThat(typage.decrypt(ours, List.of(a.get(0)))).isEqualTo(plain);
        byte[] theirs = typage.encrypt(plain, false, List.of(AgeEncryption.recipientOf(mine), a.get(1)));
        assertThat(decrypt(AgeTesting.identity(mine), theirs)).isEqualTo(plain);
    }

    @Test
    @DisplayName("passphrase (scrypt) files interoperate both ways")
    void scryptBothWays() throws Exception {
        byte[] plain = data(SIZE, 3);
        byte[] ours = encrypt(AgeTesting.passphrase("correct horse"), plain);
        assertThat(typage.decryptWithPassphrase(ours, "correct horse")).isEqualTo(plain);
        byte[] theirs = typage.encryptWithPassphrase(plain, "correct horse");
        assertThat(decrypt(AgeTesting.passphrase("correct horse"), theirs)).isEqualTo(plain);
    }

    @Test
    @DisplayName("ASCII-armored files interoperate both ways, hybrid and X25519")
    void armorBothWays() throws Exception {
        List<String> pq = typage.keygen(true);
        String x = AgeEncryption.generateIdentity();
        byte[] plain = data(SIZE, 4);
        byte[] ours = encrypt(AgeTesting.recipients(pq.get(1)).withArmor(true), plain);
        assertThat(new String(ours, 0, 34, StandardCharsets.US_ASCII)).isEqualTo("-----BEGIN AGE ENCRYPTED FILE-----");
        assertThat(typage.decrypt(ours, List.of(pq.get(0)))).isEqualTo(plain);
        byte[] theirs = typage.encrypt(plain, true, List.of(pq.get(1)));
        assertThat(decrypt(AgeTesting.identity(pq.get(0)), theirs)).isEqualTo(plain);
        byte[] theirsX = typage.encrypt(plain, true, List.of(AgeEncryption.recipientOf(x)));
        assertThat(decrypt(AgeTesting.identity(x), theirsX)).isEqualTo(plain);
    }

    @Test
    @DisplayName("typage decrypts a rekeyed file, and what typage encrypted can be rekeyed from hybrid to X25519")
    void rekeyedFilesInteroperate() throws Exception {
        List<String> pq = typage.keygen(true);
        List<String> x = typage.keygen(false);
        byte[] plain = data(SIZE, 5);
        byte[] theirs = typage.encrypt(plain, false, List.of(pq.get(1)));
        byte[] rekeyed;
        try (var in = AgeTesting.identity(pq.get(0)).rekey(new java.io.ByteArrayInputStream(theirs),
                AgeTesting.recipients(x.get(1)))) {
            rekeyed = in.readAllBytes();
        }
        assertThat(typage.decrypt(rekeyed, List.of(x.get(0)))).isEqualTo(plain);
    }
}
