package io.github.dbsnap;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which snapshots a restore trusts (issue 15, finding 3 and "also document"): an unencrypted object where
 * encryption is configured, unsigned and mis-signed objects where verification keys are configured, a
 * snapshot of another database, and a decompression bomb. Each is refused before the live data changes.
 */
class SnapshotTrustTest {
    private static final String IDENTITY = AgeEncryption.generateIdentity();
    private static final Map<String, byte[]> GOOD = Map.of("a.bin", bytes("the good data"));
    /** Incompressible, so the attacker's snapshot is clearly larger than the good one. */
    private static final Map<String, byte[]> EVIL = Map.of("a.bin", noise());

    private final MemoryStorageProvider storage = new MemoryStorageProvider();

    @TempDir
    Path dir;

    private static byte[] noise() {
        byte[] b = new byte[4096];
        new java.util.Random(15).nextBytes(b);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private SnapshotServiceBuilder service(MapSource main) {
        return SnapshotService.builder().storage(new NonClosingStorage(storage)).database("main", main).staleAfter(null)
                .tempDir(dir); // cleanup(0) below must not count other processes' spool files in java.io.tmpdir
    }

    /** Stores a plain snapshot of {@code data} with no keys at all, as an attacker without the key can. */
    private byte[] plainSnapshot(Map<String, byte[]> data) {
        MemoryStorageProvider other = new MemoryStorageProvider();
        try (SnapshotService s = SnapshotService.builder().storage(other).database("main", new MapSource(data)).build()) {
            return other.bytes(s.create("main").key());
        }
    }

    private void replace(String key, byte[] content) {
        storage.delete(key);
        storage.put(key, content);
    }

    @Test
    @DisplayName("with an identity configured, a plain archive put in place of main.tar.zst.age, or under any name, is refused by restore and verify")
    void unencryptedRefusedWhenEncryptionConfigured() {
        MapSource main = new MapSource(GOOD);
        AgeEncryption age = AgeEncryption.of(List.of(), List.of(IDENTITY), null);
        try (SnapshotService s = service(main).encryption(age).build()) {
            String key = s.create("main").key();
            assertThat(key).endsWith(".tar.zst.age");
            replace(key, plainSnapshot(EVIL));
            String plainName = key.replace("main.tar.zst.age", "x/main.tar.zst");
            storage.put(plainName, plainSnapshot(EVIL));
            for (String k : List.of(key, plainName)) {
                assertThatThrownBy(() -> s.restore("/" + k)).isInstanceOf(EncryptionException.class)
                        .hasMessageContaining("is not encrypted").hasMessageContaining("SNAPSHOTS_ALLOW_UNENCRYPTED");
                assertThatThrownBy(() -> s.verify("/" + k)).isInstanceOf(EncryptionException.class)
                        .hasMessageContaining("refused");
            }
            assertThat(main.data().get("a.bin")).isEqualTo(GOOD.get("a.bin"));
            assertThat(main.commits()).isZero();
        }
        try (SnapshotService s = service(main).encryption(age).allowUnencrypted(true).build()) {
            s.restore("/" + s.list("main").get(0).key());
            assertThat(main.data().get("a.bin")).isEqualTo(EVIL.get("a.bin"));
        }
    }

    @Test
    @DisplayName("signed snapshots restore; unsigned, mis-signed, foreign-key and replaced objects are refused and live data stays")
    void signatures() throws Exception {
        SnapshotSigning.PemKeyPair k = SnapshotSigning.generate();
        SnapshotSigning signing = SnapshotSigning.of(k.privateKey(), List.of(k.publicKey()));
        MapSource main = new MapSource(GOOD);
        try (SnapshotService s = service(main).signing(signing).build()) {
            SnapshotInfo first = s.create("main");
            String sig = new String(storage.bytes(first.key() + ".sig"), StandardCharsets.UTF_8);
            assertThat(sig).startsWith("dbsnap-signature/1\nalgorithm: Ed25519\nkey-id: " + signing.signingKeyId().orElseThrow())
                    .contains("object: main.tar.zst\n").contains("size: " + first.size() + "\n");
            assertThat(s.list("main")).extracting(SnapshotInfo::key).containsExactly(first.key());
            assertThat(s.verify("/" + first.key()).entries()).hasSize(1);
            s.restore("/" + first.key());
            assertThat(main.commits()).isEqualTo(1);

            // unsigned: the attacker removes the signature and puts their own archive
            byte[] evil = plainSnapshot(EVIL);
            storage.delete(first.key() + ".sig");
            replace(first.key(), evil);
            assertThatThrownBy(() -> s.restore("/" + first.key())).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("is not signed");
            assertThatThrownBy(() -> s.verify("/" + first.key())).hasMessageContaining("is not signed");
            // the old signature beside a different object of another size: refused before reading
            storage.put(first.key() + ".sig", sig.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.restore("/" + first.key())).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("its signature says");
            // a different object of exactly the signed size: fails at the end of the download, before the swap
            byte[] sameSize = java.util.Arrays.copyOf(evil, (int) first.size());
            replace(first.key(), sameSize);
            assertThatThrownBy(() -> s.restore("/" + first.key())).isInstanceOf(CorruptSnapshotException.class);
            // a tampered signature line
            replace(first.key() + ".sig", sig.replace("size: " + first.size(), "size: " + (first.size() + 1))
                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.restore("/" + first.key())).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("does not verify");
            // a hostile, huge signature: refused after reading at most 4 KiB of it
            replace(first.key() + ".sig", new byte[1 << 20]);
            assertThatThrownBy(() -> s.restore("/" + first.key())).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("larger than 4096 bytes");
            assertThat(main.commits()).isEqualTo(1);
            assertThat(main.data().get("a.bin")).isEqualTo(GOOD.get("a.bin"));
        }
        // a valid signature by a key that is not configured
        SnapshotSigning other = SnapshotSigning.of(SnapshotSigning.generate().privateKey(), List.of(k.publicKey()));
        try (SnapshotService s = service(main).signing(other).build()) {
            SnapshotInfo foreign = s.create("main");
            assertThatThrownBy(() -> s.restore("/" + foreign.key())).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("not a configured verification key");
            s.delete("/" + foreign.key());
            assertThat(storage.stat(foreign.key() + ".sig")).isEmpty();
            assertThat(storage.stat(foreign.key())).isEmpty();
        }
    }

    @Test
    @DisplayName("keys made by the openssl CLI sign and verify, also given as bare base64; two verification keys allow rotation")
    void opensslKeys() throws Exception {
        Path priv = dir.resolve("signing.pem");
        Path pub = dir.resolve("verify.pem");
        sh("openssl genpkey -algorithm ed25519 -out '" + priv + "'");
        sh("openssl pkey -in '" + priv + "' -pubout -out '" + pub + "'");
        String privPem = Files.readString(priv);
        String pubPem = Files.readString(pub);
        assertThat(SnapshotSigning.publicKeyOf(privPem)).isEqualTo(pubPem);
        String bareBody = privPem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        String oldPub = SnapshotSigning.generate().publicKey();
        SnapshotSigning signing = SnapshotSigning.of(bareBody, List.of(oldPub + pubPem));
        MapSource main = new MapSource(GOOD);
        try (SnapshotService s = service(main).signing(signing).build()) {
            SnapshotInfo info = s.create("main");
            Path object = dir.resolve("main.tar.zst");
            Files.write(object, storage.bytes(info.key()));
            // the sidecar's digest is the plain SHA-256 of the object, as sha256sum computes it
            String sidecar = new String(storage.bytes(info.key() + ".sig"), StandardCharsets.UTF_8);
            assertThat(sidecar).contains("sha256: " + sh("sha256sum '" + object + "'").substring(0, 64));
            s.restore("/" + info.key());
        }
        assertThat(SnapshotSigning.of(privPem, List.of()).toString()).doesNotContain(bareBody.substring(8, 40));
        assertThatThrownBy(() -> SnapshotSigning.of(privPem.replace("M", "N"), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining(bareBody.substring(8, 40));
        assertThatThrownBy(() -> SnapshotSigning.of(null, List.of(privPem))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PRIVATE KEY").hasMessageNotContaining(bareBody.substring(8, 40));
    }

    @Test
    @DisplayName("a signature left without its snapshot is removed by cleanup")
    void orphanSignatureCleanedUp() {
        SnapshotSigning.PemKeyPair k = SnapshotSigning.generate();
        try (SnapshotService s = service(new MapSource(GOOD)).signing(SnapshotSigning.of(k.privateKey(), List.of())).build()) {
            SnapshotInfo info = s.create("main");
            storage.delete(info.key());
            assertThat(s.cleanup(Duration.ZERO)).isEqualTo(1);
            assertThat(storage.stat(info.key() + ".sig")).isEmpty();
        }
    }

    @Test
    @DisplayName("a snapshot of another database is refused unless allowed; another source kind always")
    void databaseMismatch() {
        MapSource main = new MapSource(GOOD);
        MapSource other = new MapSource(EVIL);
        try (SnapshotService s = service(main).database("other", other).build()) {
            String key = s.create("other").key();
            String renamed = key.replace("other.tar.zst", "main.tar.zst");
            storage.put(renamed, storage.bytes(key));
            assertThatThrownBy(() -> s.restore("/" + renamed)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("is of database 'other', not 'main'");
            assertThatThrownBy(() -> s.restore("main", "/" + key)).isInstanceOf(ConfigurationException.class);
            assertThat(main.commits()).isZero();
        }
        try (SnapshotService s = service(main).database("other", other).allowDatabaseMismatch(true).build()) {
            s.restore("main", "/" + s.list("other").get(0).key());
            assertThat(main.data().get("a.bin")).isEqualTo(EVIL.get("a.bin"));
        }
    }

    @Test
    @DisplayName("verify refuses a snapshot that expands beyond the ratio past the floor, and reads it with no limit")
    void expansionBound() {
        MapSource zeros = new MapSource(Map.of("zeros.bin", new byte[8 << 20]));
        try (SnapshotService s = service(zeros).expansionFloor(1 << 20).maxExpansionRatio(100).build()) {
            SnapshotInfo info = s.create("main");
            assertThat(info.size()).isLessThan((8 << 20) / 100);
            assertThatThrownBy(() -> s.verify("/" + info.key())).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("decompression bomb").hasMessageContaining("SNAPSHOTS_MAX_EXPANSION_RATIO");
        }
        try (SnapshotService s = service(zeros).expansionFloor(1 << 20).maxExpansionRatio(0).build()) {
            assertThat(s.verify("/" + s.list("main").get(0).key()).dataSize()).isEqualTo(8 << 20);
        }
    }

    private static String sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
