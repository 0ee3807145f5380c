package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import io.github.dbsnap.storage.s3.S3ProxyServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a real S3 API (S3Proxy), and the object opened with the AWS CLI, zstd and tar. */
class S3CliTest {
    @TempDir
    Path dir;
    Path db;
    Map<String, String> env;
    String bucket;
    S3ProxyServer s3;

    @BeforeEach
    void setUp() throws Exception {
        s3 = S3ProxyServer.get();
        bucket = s3.newBucket();
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 300);
        env = CliRun.env(db);
        env.put("SNAPSHOTS_STORAGE_PROVIDER", "s3");
        env.put("SNAPSHOTS_STORAGE_S3_BUCKET", bucket);
        env.put("SNAPSHOTS_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
        env.put("SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }

    Result run(String... args) {
        Result r = CliRun.cli(env, args);
        assertThat(r.out() + r.err()).doesNotContain(S3ProxyServer.SECRET_KEY);
        return r;
    }

    @Test
    @DisplayName("create, list, verify and restore work on S3, and the AWS CLI (s3api get-object) downloads an object that zstd and tar open")
    void cliOnS3() throws Exception {
        Result created = run("create");
        assertThat(created.code()).as(created.err()).isZero();
        String uri = created.out().strip();
        assertThat(uri).startsWith("s3://" + bucket + "/altcha-sentinel-backups/db/").endsWith("/main.tar.zst");
        assertThat(run("list").out()).contains(uri);
        assertThat(run("verify", uri).out()).startsWith("ok ");

        String key = uri.substring(("s3://" + bucket + "/").length());
        Path out = Files.createDirectories(dir.resolve("x"));
        CliRun.sh("AWS_ACCESS_KEY_ID='" + S3ProxyServer.ACCESS_KEY + "' AWS_SECRET_ACCESS_KEY='"
                + S3ProxyServer.SECRET_KEY + "' AWS_DEFAULT_REGION=us-east-1 AWS_RESPONSE_CHECKSUM_VALIDATION=when_required aws --endpoint-url " + s3.endpoint()
                + " s3api get-object --bucket " + bucket + " --key '" + key + "' '" + dir.resolve("dl.tar.zst") + "' > /dev/null"
                + " && zstd -d < '" + dir.resolve("dl.tar.zst") + "' | tar x -C '" + out + "'");
        assertThat(CliRun.sh("sqlite3 '" + out.resolve("main.db") + "' 'PRAGMA integrity_check'").strip()).isEqualTo("ok");

        CliRun.sh("sqlite3 '" + db + "' 'DELETE FROM audit'");
        Result restored = run("restore", uri);
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(CliRun.sh("sqlite3 '" + db + "' 'SELECT count(*) FROM audit'").strip()).isEqualTo("300");
        Result byKey = run("restore", "/" + key);
        assertThat(byKey.code()).as(byKey.err()).isZero();
    }

    @Test
    @DisplayName("wrong S3 credentials fail with one line that names the settings, never the secret")
    void wrongCredentials() {
        env.put("SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY", "not-the-secret-0123456789");
        Result r = run("list");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("SNAPSHOTS_STORAGE_S3").doesNotContain("not-the-secret-0123456789").hasLineCount(1);
    }
}
