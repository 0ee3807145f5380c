package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Encrypted snapshots through the CLI, checked with the real age, zstd, tar and sqlite3 tools. */
class EncryptedCliTest {
    @TempDir
    Path dir;
    Path db;
    Path keyFile;
    String publicKey;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 400);
        keyFile = dir.resolve("key.txt");
        CliRun.sh("age-keygen -o '" + keyFile + "' 2>/dev/null");
        publicKey = CliRun.sh("age-keygen -y '" + keyFile + "'").strip();
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    Result run(String... args) {
        return CliRun.cli(env, args);
    }

    @Test
    @DisplayName("with only a public key, create writes .tar.zst.age that age -d | zstd -d | tar x opens; restore then names the key it needs")
    void publicKeyOnly() throws Exception {
        env.put("SNAPSHOTS_AGE_PUBLIC_KEY", publicKey);
        Result created = run("create");
        assertThat(created.code()).as(created.err()).isZero();
        String uri = created.out().strip();
        assertThat(uri).endsWith("/main.tar.zst.age");
        Path object = Path.of(java.net.URI.create(uri));
        Path out = Files.createDirectories(dir.resolve("x"));
        CliRun.sh("age -d -i '" + keyFile + "' '" + object + "' | zstd -d | tar x -C '" + out + "'");
        assertThat(CliRun.sh("sqlite3 '" + out.resolve("main.db") + "' .dump")).isEqualTo(CliRun.sh("sqlite3 '" + db + "' .dump"));

        byte[] live = Files.readAllBytes(db);
        Result restore = run("restore", uri);
        assertThat(restore.code()).isEqualTo(1);
        assertThat(restore.err()).contains("SNAPSHOTS_AGE_SECRET_KEY").doesNotContain("AGE-SECRET-KEY-1").hasLineCount(1);
        assertThat(Files.readAllBytes(db)).isEqualTo(live);
    }

    @Test
    @DisplayName("the identity restores; a wrong identity, a tampered or a truncated object fail with one line and change nothing")
    void identityRestoresAndBadInputFails() throws Exception {
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", keyFile.toString());
        String uri = run("create").out().strip();
        assertThat(uri).endsWith(".age");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DELETE FROM audit WHERE id > 10");
        }
        byte[] changed = Files.readAllBytes(db);
        Path object = Path.of(java.net.URI.create(uri));
        byte[] snapshot = Files.readAllBytes(object);

        Path tampered = Files.createDirectories(dir.resolve("snaps/t1")).resolve("main.tar.zst.age");
        byte[] bad = snapshot.clone();
        bad[bad.length - 40] ^= 1;
        Files.write(tampered, bad);
        Path truncated = Files.createDirectories(dir.resolve("snaps/t2")).resolve("main.tar.zst.age");
        Files.write(truncated, java.util.Arrays.copyOf(snapshot, snapshot.length - 100));
        for (Path p : new Path[] {tampered, truncated}) {
            Result r = run("restore", p.toUri().toString());
            assertThat(r.code()).as(p.toString()).isEqualTo(1);
            assertThat(r.err()).hasLineCount(1).doesNotContain("AGE-SECRET-KEY-1");
            assertThat(Files.readAllBytes(db)).isEqualTo(changed);
        }

        Path otherKey = dir.resolve("other.txt");
        CliRun.sh("age-keygen -o '" + otherKey + "' 2>/dev/null");
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", otherKey.toString());
        Result wrong = run("restore", uri);
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("identit").doesNotContain("AGE-SECRET-KEY-1").hasLineCount(1);
        assertThat(Files.readAllBytes(db)).isEqualTo(changed);

        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", keyFile.toString());
        Result ok = run("restore", uri);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(CliRun.sh("sqlite3 '" + db + "' 'SELECT count(*) FROM audit'").strip()).isEqualTo("400");
    }

    @Test
    @DisplayName("a snapshot encrypted by age -r over an unencrypted dbsnap archive restores with the matching identity")
    void ageCliEncryptedRestores() throws Exception {
        String plainUri = run("create").out().strip();
        Path plain = Path.of(java.net.URI.create(plainUri));
        Path encrypted = Files.createDirectories(dir.resolve("snaps/by-age")).resolve("main.tar.zst.age");
        CliRun.sh("age -r " + publicKey + " -o '" + encrypted + "' '" + plain + "'");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DELETE FROM audit");
        }
        env.put("SNAPSHOTS_ENCRYPTION_KEY_FILE", keyFile.toString());
        Result r = run("restore", encrypted.toUri().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(CliRun.sh("sqlite3 '" + db + "' 'SELECT count(*) FROM audit'").strip()).isEqualTo("400");
    }

    @Test
    @DisplayName("a passphrase encrypts and decrypts, and a wrong passphrase fails without echoing it")
    void passphrase() throws Exception {
        env.put("SNAPSHOTS_ENCRYPTION_KEY", "correct horse battery staple");
        String uri = run("create").out().strip();
        assertThat(uri).endsWith(".age");
        assertThat(run("verify", uri).code()).isZero();
        env.put("SNAPSHOTS_ENCRYPTION_KEY", "wrong horse");
        Result r = run("verify", uri);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("passphrase").doesNotContain("wrong horse").doesNotContain("correct horse");
    }
}
