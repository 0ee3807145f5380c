package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dbsnap keygen and dbsnap rekey, checked with the real age tool. */
class RekeyCliTest {
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

    Result run(String... args) {
        return CliRun.cli(env, args);
    }

    /** @return the identity file keygen wrote, and its public key */
    List<String> keygen(String name, String... flags) throws Exception {
        String[] args = new String[flags.length + 1];
        args[0] = "keygen";
        System.arraycopy(flags, 0, args, 1, flags.length);
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        Path file = Files.writeString(dir.resolve(name), r.out());
        String publicKey = r.out().lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                .substring("# public key: ".length());
        return List.of(file.toString(), publicKey);
    }

    @Test
    @DisplayName("keygen prints an identity and its public key as age-keygen does, and age reads the X25519 one")
    void keygenLikeAgeKeygen() throws Exception {
        List<String> x = keygen("x.txt");
        assertThat(CliRun.sh("age-keygen -y '" + x.get(0) + "'").strip()).isEqualTo(x.get(1));
        List<String> pq = keygen("pq.txt", "--pq");
        assertThat(pq.get(1)).startsWith("age1pq1");
        assertThat(Files.readString(Path.of(pq.get(0)))).contains("\nAGE-SECRET-KEY-PQ-1");
    }

    @Test
    @DisplayName("rekey from a post-quantum key to an X25519 key: age -d reads the new object, the old key does not open it")
    void rekeyThenAgeReads() throws Exception {
        List<String> pq = keygen("pq.txt", "--pq");
        List<String> x = keygen("x.txt");
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", pq.get(0));
        Result created = run("create");
        assertThat(created.code()).as(created.err()).isZero();
        String uri = created.out().strip();

        Result rekeyed = run("rekey", uri, "--to", x.get(1), "--json");
        assertThat(rekeyed.code()).as(rekeyed.err()).isZero();
        assertThat(rekeyed.out()).contains("\"outcome\" : \"rekeyed\"").contains("\"rekeyed\" : 1");
        String target = rekeyed.out().lines().filter(l -> l.contains("\"target\"")).findFirst().orElseThrow()
                .replaceAll(".*\"target\" : \"(.*)\".*", "$1");
        Path object = dir.resolve("snaps").resolve(target);
        Path out = Files.createDirectories(dir.resolve("x"));
        CliRun.sh("age -d -i '" + x.get(0) + "' '" + object + "' | zstd -d | tar x -C '" + out + "'");
        assertThat(out.resolve("main.db")).exists();

        Result oldKey = run("verify", target);
        assertThat(oldKey.code()).isEqualTo(1);
        assertThat(oldKey.err()).contains("X25519").hasLineCount(1);
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", x.get(0));
        assertThat(run("verify", target).code()).isZero();

        Result again = run("rekey", "--database", "main", "--to", x.get(1), "--identity", pq.get(0), "--delete-old");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("already rekeyed").contains("(old deleted)").contains("0 of 2 snapshot(s)");
        assertThat(run("list").out()).contains(".rk-").doesNotContain("main.tar.zst.age\n");
    }

    @Test
    @DisplayName("rekey with an identity that does not open the snapshot fails with one line and writes nothing")
    void wrongIdentity() throws Exception {
        List<String> a = keygen("a.txt");
        List<String> b = keygen("b.txt");
        env.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", a.get(0));
        String uri = run("create").out().strip();
        long before;
        try (var files = Files.walk(dir.resolve("snaps"))) {
            before = files.count();
        }
        Result r = run("rekey", uri, "--to", b.get(1), "--identity", b.get(0));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot rekey snapshot").hasLineCount(1);
        try (var files = Files.walk(dir.resolve("snaps"))) {
            assertThat(files.count()).isEqualTo(before);
        }
        assertThat(run("rekey", "-h").out()).contains("--delete-old").contains("--to");
    }
}
