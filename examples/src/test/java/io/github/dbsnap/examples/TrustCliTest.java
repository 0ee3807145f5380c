package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with write access to the storage but no key (issue 15, finding 3), through the CLI with keys made by
 * {@code age-keygen} and {@code openssl}: a plain archive in place of an encrypted one, and unsigned or replaced
 * objects where a verification key is configured, are refused by restore and verify; the live database stays.
 */
class TrustCliTest {
    @TempDir
    Path dir;
    Path db;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 200);
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    private void deleteSomeRows() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DELETE FROM audit WHERE id > 10");
        }
    }

    /** An attacker's snapshot: made with no key at all, of an emptied copy of the database. */
    private byte[] attackerSnapshot() throws Exception {
        Path evil = dir.resolve("evil.db");
        Files.copy(db, evil);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + evil); var st = c.createStatement()) {
            st.execute("DELETE FROM audit");
        }
        Result r = CliRun.cli(CliRun.localEnv(evil, dir.resolve("evil-snaps")), "create");
        assertThat(r.code()).as(r.err()).isZero();
        return Files.readAllBytes(Path.of(URI.create(r.out().strip())));
    }

    @Test
    @DisplayName("with an age identity configured, a plain archive put in place of main.tar.zst.age is refused by restore and verify unless SNAPSHOTS_ALLOW_UNENCRYPTED=1")
    void plainArchiveInPlaceOfEncrypted() throws Exception {
        Path key = dir.resolve("key.txt");
        CliRun.sh("age-keygen -o '" + key + "' 2>/dev/null");
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", key.toString());
        String uri = CliRun.cli(env, "create").out().strip();
        assertThat(uri).endsWith("main.tar.zst.age");
        Path object = Path.of(URI.create(uri));
        Files.write(object, attackerSnapshot());
        deleteSomeRows();
        byte[] live = Files.readAllBytes(db);

        Result restore = CliRun.cli(env, "restore", uri);
        assertThat(restore.code()).as(restore.out()).isEqualTo(1);
        assertThat(restore.err()).contains("is not encrypted").contains("SNAPSHOTS_ALLOW_UNENCRYPTED").hasLineCount(1);
        Result verify = CliRun.cli(env, "verify", uri);
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains("refused");
        assertThat(Files.readAllBytes(db)).isEqualTo(live);

        Map<String, String> allowing = new HashMap<>(env);
        allowing.put("SNAPSHOTS_ALLOW_UNENCRYPTED", "1");
        assertThat(CliRun.cli(allowing, "restore", uri).code()).isZero();
    }

    @Test
    @DisplayName("with openssl-made Ed25519 keys, create writes a .sig; an unsigned or replaced object is refused before staging and live data stays")
    void signedSnapshots() throws Exception {
        Path priv = dir.resolve("signing.pem");
        Path pub = dir.resolve("verify.pem");
        CliRun.sh("openssl genpkey -algorithm ed25519 -out '" + priv + "' && openssl pkey -in '" + priv + "' -pubout -out '" + pub + "'");
        env.put("SNAPSHOTS_SIGNING_KEY_FILE", priv.toString());
        env.put("SNAPSHOTS_VERIFY_KEY_FILE", pub.toString());
        Result created = CliRun.cli(env, "create");
        assertThat(created.code()).as(created.err()).isZero();
        String uri = created.out().strip();
        Path object = Path.of(URI.create(uri));
        Path sig = object.resolveSibling(object.getFileName() + ".sig");
        assertThat(Files.readString(sig)).startsWith("dbsnap-signature/1\n")
                .contains("sha256: " + CliRun.sh("sha256sum '" + object + "'").substring(0, 64));
        assertThat(CliRun.cli(env, "list").out().lines()).hasSize(1).noneMatch(l -> l.contains(".sig"));
        assertThat(CliRun.cli(env, "verify", uri).code()).isZero();

        deleteSomeRows();
        byte[] live = Files.readAllBytes(db);
        byte[] original = Files.readAllBytes(object);
        Files.write(object, attackerSnapshot());
        Result replaced = CliRun.cli(env, "restore", uri);
        assertThat(replaced.code()).isEqualTo(1);
        assertThat(replaced.err()).contains("signature").hasLineCount(1);
        Files.delete(sig);
        Result unsigned = CliRun.cli(env, "restore", uri);
        assertThat(unsigned.code()).isEqualTo(1);
        assertThat(unsigned.err()).contains("is not signed");
        assertThat(CliRun.cli(env, "verify", uri).err()).contains("is not signed");
        assertThat(Files.readAllBytes(db)).isEqualTo(live);
        assertThat(unsigned.err() + replaced.err()).doesNotContain(Files.readString(priv).lines().skip(1).findFirst().orElseThrow());

        Files.write(object, original, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Map<String, String> noVerify = new HashMap<>(env);
        noVerify.remove("SNAPSHOTS_VERIFY_KEY_FILE");
        assertThat(CliRun.cli(noVerify, "restore", uri).code()).as("without a verification key nothing is checked").isZero();
    }
}
