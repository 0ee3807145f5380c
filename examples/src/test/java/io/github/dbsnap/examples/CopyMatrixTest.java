package io.github.dbsnap.examples;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.examples.CliRun.Result;
import io.github.dbsnap.storage.azure.Azurite;
import io.github.dbsnap.storage.s3.S3ProxyServer;
import io.github.dbsnap.testing.FaultProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbsnap copy} across every pair of providers (local, S3Proxy, Azurite): the copy lists, verifies and
 * restores at the target like a snapshot taken there; and a copy whose upload is cut leaves nothing at the target.
 */
class CopyMatrixTest {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    static S3ProxyServer s3;
    static final String ID = AgeEncryption.generateIdentity();

    @TempDir
    static Path dir;
    static Path db;
    static final Map<String, Map<String, String>> ENVS = new HashMap<>();
    static final Map<String, String> SNAPSHOTS = new HashMap<>();
    static final Map<String, String> LOCATIONS = new HashMap<>();

    @BeforeAll
    static void snapshotInEveryStorage() throws Exception {
        s3 = S3ProxyServer.get();
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 200);
        String bucket = s3.newBucket();
        String container = AZURITE.newContainer();
        Path local = Files.createDirectories(dir.resolve("local"));
        LOCATIONS.put("local", local.toUri().toString().replace("file:/", "file:///"));
        LOCATIONS.put("s3", "s3://" + bucket + "/area");
        LOCATIONS.put("azure", "azure://" + container + "/area");
        for (String p : List.of("local", "s3", "azure")) {
            Map<String, String> env = CliRun.env(db);
            env.put("SNAPSHOTS_AGE_SECRET_KEY", ID);
            env.put("SNAPSHOTS_COPY_TO_S3_ENDPOINT", s3.endpoint().toString());
            env.put("SNAPSHOTS_COPY_TO_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            env.put("SNAPSHOTS_COPY_TO_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            env.put("SNAPSHOTS_COPY_TO_AZURE_CONNECTION_STRING", AZURITE.connectionString());
            env.put("SNAPSHOTS_STORAGE_PROVIDER", p);
            switch (p) {
                case "local" -> env.put("SNAPSHOTS_STORAGE_LOCAL_DIR", local.toString());
                case "s3" -> {
                    env.put("SNAPSHOTS_STORAGE_S3_BUCKET", bucket);
                    env.put("SNAPSHOTS_STORAGE_S3_PREFIX", "area");
                    env.put("SNAPSHOTS_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
                    env.put("SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
                    env.put("SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
                }
                default -> {
                    env.put("SNAPSHOTS_STORAGE_AZURE_CONTAINER", container);
                    env.put("SNAPSHOTS_STORAGE_AZURE_PREFIX", "area");
                    env.put("SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING", AZURITE.connectionString());
                }
            }
            env.put("SNAPSHOTS_DB_PREFIX", "from-" + p + "/db");
            ENVS.put(p, env);
            Result created = run(env, "create");
            assertThat(created.code()).as(created.err()).isZero();
            SNAPSHOTS.put(p, created.out().strip());
        }
    }

    static Result run(Map<String, String> env, String... args) {
        Result r = CliRun.cli(env, args);
        assertThat(r.out() + r.err()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(Azurite.KEY);
        return r;
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"local, s3", "local, azure", "s3, local", "s3, azure", "azure, local", "azure, s3"})
    @DisplayName("a copy from one provider to another lists, verifies and restores at the target, and a rerun skips it")
    void copyAcross(String from, String to) throws Exception {
        Map<String, String> source = ENVS.get(from);
        Result copied = run(source, "copy", SNAPSHOTS.get(from), "--to", LOCATIONS.get(to));
        assertThat(copied.code()).as(copied.err()).isZero();
        assertThat(copied.out()).startsWith("copied ").contains("1 of 1 snapshot(s) copied");

        Map<String, String> target = new HashMap<>(ENVS.get(to));
        target.put("SNAPSHOTS_DB_PREFIX", source.get("SNAPSHOTS_DB_PREFIX"));
        Result listed = run(target, "list");
        assertThat(listed.out()).contains("from-" + from + "/db/").contains("main.tar.zst.age");
        String copy = listed.out().lines().filter(l -> l.contains("main.tar.zst.age")).findFirst().orElseThrow()
                .replaceAll(".*\\s", "");
        Result verified = run(target, "verify", copy);
        assertThat(verified.code()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("ok ");
        CliRun.sh("sqlite3 '" + db + "' 'DELETE FROM audit'");
        Result restored = run(target, "restore", copy);
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(CliRun.sh("sqlite3 '" + db + "' 'SELECT count(*) FROM audit'").strip()).isEqualTo("200");

        Result again = run(source, "copy", SNAPSHOTS.get(from), "--to", LOCATIONS.get(to));
        assertThat(again.out()).startsWith("already copied ").contains("0 of 1 snapshot(s) copied");
    }

    @Test
    @DisplayName("a copy whose upload is cut every time fails with one error, leaves nothing at the target and the source untouched")
    void cutUploadLeavesNothing() throws Exception {
        Path local = dir.resolve("big-local");
        Map<String, String> env = new HashMap<>();
        String uri = bigSnapshot("big", 6, local, env);
        Path file = Path.of(java.net.URI.create(uri));
        String before = CliRun.sh("sha256sum '" + file + "'");
        String bucket = s3.newBucket();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort()).resetAfter(1 << 20, Integer.MAX_VALUE)) {
            env.put("SNAPSHOTS_COPY_TO_S3_ENDPOINT", proxy.endpoint());
            env.put("SNAPSHOTS_COPY_TO_S3_MAX_ATTEMPTS", "2");
            Result failed = run(env, "copy", uri, "--to", "s3://" + bucket + "/area");
            assertThat(failed.code()).isNotZero();
            assertThat(failed.err()).contains("main.tar.zst");
            assertThat(proxy.faults()).isPositive();
        }
        assertThat(s3.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(s3.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(CliRun.sh("sha256sum '" + file + "'")).isEqualTo(before);
        assertThat(CrashFixture.leftovers(local)).isEmpty();
    }

    @Test
    @DisplayName("a copy streams: a 72 MiB snapshot (larger than the heap) is copied and re-encrypted to S3 by a CLI process limited to -Xmx64m")
    void boundedMemory() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SNAPSHOTS_AGE_SECRET_KEY", ID));
        String uri = bigSnapshot("mem", 72, dir.resolve("mem-local"), env);
        String bucket = s3.newBucket();
        String newId = AgeEncryption.generateHybridIdentity();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), DbsnapCli.class.getName(),
                "copy", uri, "--to", "s3://" + bucket + "/x", "--encrypt-to", AgeEncryption.recipientOf(newId));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("mem.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SNAPSHOTS_") || k.startsWith("SNAPHOSTS_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("mem.log"))).isZero();

        Map<String, String> there = new HashMap<>(ENVS.get("s3"));
        there.put("SNAPSHOTS_STORAGE_S3_BUCKET", bucket);
        there.put("SNAPSHOTS_STORAGE_S3_PREFIX", "x");
        there.put("SNAPSHOTS_AGE_SECRET_KEY", newId);
        there.remove("SNAPSHOTS_DB_PREFIX");
        Result listed = run(there, "list");
        assertThat(listed.out()).contains("main.tar.zst.age");
        String copy = listed.out().lines().filter(l -> l.contains("main.tar.zst.age")).findFirst().orElseThrow()
                .replaceAll(".*\\s", "");
        Result verified = run(there, "verify", copy);
        assertThat(verified.code()).as(verified.err()).isZero();
    }

    @Test
    @DisplayName("without --to the target comes from SNAPSHOTS_COPY_TO_*, a prefix copies every snapshot under it, and bad targets are usage errors")
    void targetFromSettings() throws Exception {
        Map<String, String> env = new HashMap<>(ENVS.get("local"));
        env.put("SNAPSHOTS_DB_PREFIX", "from-local/more");
        Result second = run(env, "create");
        assertThat(second.code()).as(second.err()).isZero();
        Path offsite = Files.createDirectories(dir.resolve("offsite"));
        env.put("SNAPSHOTS_COPY_TO_PROVIDER", "local");
        env.put("SNAPSHOTS_COPY_TO_LOCAL_DIR", offsite.toString());
        Result copied = run(env, "copy", "from-local/", "--json");
        assertThat(copied.code()).as(copied.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = CliCommand.JSON.readTree(copied.out());
        assertThat(json.get("entries")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(json.get("entries").get(0).get("transform").asText()).isEqualTo("unchanged");
        assertThat(json.get("entries").get(0).get("sha256").asText()).hasSize(64);
        try (var files = Files.walk(offsite)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tar.zst.age"))).hasSize(json.get("entries").size());
        }

        Result sameStorage = run(ENVS.get("local"), "copy", "from-local/", "--to", LOCATIONS.get("local"));
        assertThat(sameStorage.code()).isEqualTo(2);
        assertThat(sameStorage.err()).contains("is the storage the snapshots are in");
        Result ftp = run(ENVS.get("local"), "copy", "from-local/", "--to", "ftp://user:pw@host/x");
        assertThat(ftp.code()).isEqualTo(2);
        assertThat(ftp.err()).contains("must start with s3://, azure:// or file://").doesNotContain("pw");
        Result none = run(ENVS.get("local"), "copy", "from-local/");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("copy needs a target");
    }

    /** Creates a snapshot of an incompressible SQLite database of {@code mib} MiB in {@code local}; fills {@code env}. */
    static String bigSnapshot(String name, int mib, Path local, Map<String, String> env) throws Exception {
        Path big = dir.resolve(name + ".db");
        CrashFixture.bigDatabase(big, mib, 5);
        env.putAll(CliRun.localEnv(big, Files.createDirectories(local)));
        env.put("SNAPSHOTS_COMPRESSION", "zstd:1");
        env.put("SNAPSHOTS_COPY_TO_S3_ENDPOINT", s3.endpoint().toString());
        env.put("SNAPSHOTS_COPY_TO_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("SNAPSHOTS_COPY_TO_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        env.put("SNAPSHOTS_COPY_TO_S3_PART_SIZE", "5MiB");
        Result created = run(env, "create");
        assertThat(created.code()).as(created.err()).isZero();
        return created.out().strip();
    }
}
