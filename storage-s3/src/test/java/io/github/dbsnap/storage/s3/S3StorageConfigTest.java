package io.github.dbsnap.storage.s3;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class S3StorageConfigTest {
    private static final String SECRET = "wJalr/XUtn+FEMI=K7MDENG";

    private static S3StorageConfig config(Map<String, String> m) {
        return S3StorageConfig.from(ProviderConfig.of(m));
    }

    private static ConfigurationException failure(Map<String, String> m) {
        return catchThrowableOfType(ConfigurationException.class, () -> config(m));
    }

    @Test
    @DisplayName("the URL form gives endpoint, bucket, prefix, region and URL-decoded credentials")
    void urlFormIsParsed() {
        S3StorageConfig c = config(Map.of("url", "http://AKIA1:wJalr%2FXUtn+FEMI%3DK7MDENG@minio.local:9000/?bucket=snaps&prefix=prod/db&region=eu-west-3"));
        assertThat(c.endpoint()).isEqualTo(URI.create("http://minio.local:9000"));
        assertThat(c.bucket()).isEqualTo("snaps");
        assertThat(c.prefix()).isEqualTo("prod/db/");
        assertThat(c.region()).isEqualTo("eu-west-3");
        assertThat(c.accessKeyId()).isEqualTo("AKIA1");
        assertThat(c.secretAccessKey()).isEqualTo(SECRET);
        assertThat(c.pathStyle()).isTrue();
        assertThat(c.conditionalWrites()).isFalse();
        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("wJalr");
    }

    @Test
    @DisplayName("the URL form also accepts bucket and prefix in the path, and s3://bucket/prefix")
    void urlPathForms() {
        S3StorageConfig path = config(Map.of("url", "https://r2.example.com/snaps/a/b"));
        assertThat(path.endpoint()).isEqualTo(URI.create("https://r2.example.com"));
        assertThat(path.bucket()).isEqualTo("snaps");
        assertThat(path.prefix()).isEqualTo("a/b/");
        assertThat(path.region()).isEqualTo("us-east-1");
        assertThat(path.accessKeyId()).isNull();

        S3StorageConfig s3 = config(Map.of("url", "s3://snaps/team", "region", "eu-central-1"));
        assertThat(s3.endpoint()).isNull();
        assertThat(s3.bucket()).isEqualTo("snaps");
        assertThat(s3.prefix()).isEqualTo("team/");
        assertThat(s3.conditionalWrites()).isTrue();
        assertThat(s3.pathStyle()).isFalse();
    }

    @Test
    @DisplayName("an AWS host in the URL means no endpoint override, with the region taken from the host")
    void awsHostInUrl() {
        S3StorageConfig c = config(Map.of("url", "https://s3.eu-north-1.amazonaws.com/?bucket=b"));
        assertThat(c.endpoint()).isNull();
        assertThat(c.region()).isEqualTo("eu-north-1");
        assertThat(c.conditionalWrites()).isTrue();
    }

    @Test
    @DisplayName("explicit settings win over the URL")
    void explicitSettingsWin() {
        S3StorageConfig c = config(Map.of("url", "http://k:s@host:9000/?bucket=a&prefix=p", "bucket", "b", "prefix", "q/"));
        assertThat(c.bucket()).isEqualTo("b");
        assertThat(c.prefix()).isEqualTo("q/");
    }

    @Test
    @DisplayName("defaults: 8 MiB parts, 2 in flight, checksums when required, 3 attempts, us-east-1 with an endpoint")
    void defaults() {
        S3StorageConfig c = config(Map.of("bucket", "b", "endpoint", "http://localhost:9000"));
        assertThat(c.partSize()).isEqualTo(8L << 20);
        assertThat(c.parallelParts()).isEqualTo(S3StorageConfig.DEFAULT_PARALLEL_PARTS).isEqualTo(4);
        assertThat(c.checksums()).isEqualTo(S3StorageConfig.Checksums.WHEN_REQUIRED);
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.prefix()).isEmpty();
        assertThat(config(Map.of("bucket", "b")).region()).isNull();
    }

    @Test
    @DisplayName("a missing bucket is named with its environment variable")
    void missingBucket() {
        assertThat(failure(Map.of("region", "us-east-1")).getMessage())
                .contains("'bucket'").contains("SNAPSHOTS_STORAGE_S3_BUCKET");
    }

    @Test
    @DisplayName("every bad setting is listed at once, and the secret never appears")
    void everyProblemListedWithoutSecret() {
        ConfigurationException e = failure(Map.of("secret-access-key", SECRET, "part-size", "1MiB",
                "parallel-parts", "x", "sse", "rot13", "sse-kms-key-id", "k", "checksums", "always", "endpoint", "ftp://h"));
        assertThat(e.problems()).hasSize(8);
        assertThat(e.getMessage()).contains("bucket", "access-key-id", "part-size", "parallel-parts", "sse", "sse-kms-key-id",
                "checksums", "endpoint").doesNotContain(SECRET);
    }

    @Test
    @DisplayName("a malformed URL is one clear error that does not echo its credentials")
    void malformedUrl() {
        for (String url : new String[] {"http://AKIA1:" + SECRET + "@host:99999999/ ?bucket=b", "ftp://AKIA1:" + SECRET + "@host/",
                "http://AKIA1:" + SECRET + "%zz@host/?bucket=b", "just words " + SECRET}) {
            ConfigurationException e = failure(Map.of("url", url));
            assertThat(e.problems()).as(url).hasSize(1);
            assertThat(e.getMessage()).as(url).contains("'url'").doesNotContain(SECRET).doesNotContain("wJalr");
        }
        assertThat(failure(Map.of("url", "http://host:9000/")).getMessage()).contains("no bucket");
    }
}
