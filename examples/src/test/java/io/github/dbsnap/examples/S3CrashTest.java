package io.github.dbsnap.examples;

import io.github.dbsnap.storage.s3.S3ProxyServer;
import io.github.dbsnap.testing.FaultProxy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.github.dbsnap.examples.CrashFixture.cli;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI killed with SIGKILL in the middle of a multipart upload to S3 (S3Proxy behind a
 * bandwidth-limited {@link FaultProxy}, so that the kill lands mid-upload): nothing is listed, the
 * open multipart upload is aborted by {@code cleanup}, and the next create works.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class S3CrashTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("create killed mid-upload on S3: nothing listed, cleanup aborts the multipart upload, the next create works")
    void killedMidUpload() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.get();
        String bucket = s3.newBucket();
        Path db = dir.resolve("main.db");
        CrashFixture.bigDatabase(db, 24, 11);
        String live = CrashFixture.fingerprint(db);
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort()).bandwidth(4L << 20)) {
            Map<String, String> env = CliRun.env(db);
            env.put("SNAPSHOTS_STORAGE_PROVIDER", "s3");
            env.put("SNAPSHOTS_STORAGE_S3_BUCKET", bucket);
            env.put("SNAPSHOTS_STORAGE_S3_ENDPOINT", proxy.endpoint());
            env.put("SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            env.put("SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            env.put("SNAPSHOTS_STORAGE_S3_PART_SIZE", "5MiB");
            env.put("SNAPSHOTS_COMPRESSION", "zstd:1");

            Process p = CrashFixture.start(env, dir.resolve("create.log"), "create");
            boolean killed = CrashFixture.killWhen(p, () -> !s3.admin().listMultipartUploads(b -> b.bucket(bucket))
                    .uploads().isEmpty());
            assertThat(killed).as("the kill landed while the upload ran").isTrue();
            proxy.heal();

            assertThat(cli(env, "list").out()).doesNotContain("main.tar.zst");
            assertThat(s3.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
            CliRun.Result young = cli(env, "cleanup");
            assertThat(young.code()).as(young.err()).isZero();
            assertThat(young.out()).startsWith("removed 0 ");
            CliRun.Result c = cli(env, "cleanup", "--older-than", "0s");
            assertThat(c.code()).as(c.err()).isZero();
            // the open multipart upload, and the SQLite copy the killed create was streaming from
            assertThat(c.out()).startsWith("removed 2 leftovers ");
            assertThat(s3.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
            assertThat(CrashFixture.leftovers(dir)).isEmpty();

            CliRun.Result ok = cli(env, "create");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(cli(env, "verify", ok.out().strip()).code()).isZero();
            assertThat(CrashFixture.fingerprint(db)).isEqualTo(live);
        }
    }
}
