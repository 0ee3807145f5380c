package io.github.dbsnap.storage.s3;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Wrong credentials, a missing bucket, an unreachable endpoint: one clear error each, never the secret. */
class S3BadInputTest {
    private static final String WRONG_SECRET = "Wr0ng/Secret+Value=abc";
    private final S3ProxyServer server = S3ProxyServer.get();

    private static StorageException createFails(Map<String, String> settings) {
        return catchThrowableOfType(StorageException.class,
                () -> new S3StorageProviderFactory().create(ProviderConfig.of(settings)).close());
    }

    private static void assertNoSecret(Throwable e, String... secrets) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String s : secrets) {
            assertThat(e.getMessage()).doesNotContain(s);
            assertThat(trace.toString()).doesNotContain(s);
        }
    }

    @Test
    @DisplayName("wrong credentials: access denied, naming the bucket and the settings to check")
    void wrongCredentials() {
        String bucket = server.newBucket();
        Map<String, String> settings = server.settings(bucket);
        settings.put("secret-access-key", WRONG_SECRET);
        StorageException e = createFails(settings);
        assertThat(e.getMessage()).contains("access denied to s3://" + bucket).contains("SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID");
        assertNoSecret(e, WRONG_SECRET, S3ProxyServer.SECRET_KEY);
    }

    @Test
    @DisplayName("wrong credentials without the bucket check: the first write fails the same clear way")
    void wrongCredentialsAtFirstUse() {
        String bucket = server.newBucket();
        Map<String, String> settings = server.settings(bucket);
        settings.put("secret-access-key", WRONG_SECRET);
        settings.put("check-bucket", "false");
        try (StorageProvider p = new S3StorageProviderFactory().create(ProviderConfig.of(settings))) {
            StorageException e = catchThrowableOfType(StorageException.class,
                    () -> p.write("a/main.tar.zst", new ByteArrayInputStream(new byte[] {1})));
            assertThat(e.getMessage()).contains("access denied to s3://" + bucket);
            assertNoSecret(e, WRONG_SECRET);
        }
    }

    @Test
    @DisplayName("URL credentials that are wrong never show up in the error")
    void wrongUrlCredentials() {
        String bucket = server.newBucket();
        String url = "http://" + S3ProxyServer.ACCESS_KEY + ":" + WRONG_SECRET.replace("/", "%2F") + "@127.0.0.1:"
                + server.port() + "/?bucket=" + bucket;
        StorageException e = createFails(Map.of("url", url));
        assertThat(e.getMessage()).contains("access denied");
        assertNoSecret(e, WRONG_SECRET, "Wr0ng");
    }

    @Test
    @DisplayName("a bucket that does not exist is named as such")
    void missingBucket() {
        StorageException e = createFails(server.settings("no-such-bucket"));
        assertThat(e.getMessage()).contains("bucket s3://no-such-bucket does not exist at " + server.endpoint());
    }

    @Test
    @DisplayName("an endpoint where nothing listens is reported unreachable, quickly")
    void unreachableEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = server.settings("b");
        settings.put("endpoint", "http://127.0.0.1:" + port);
        long start = System.nanoTime();
        StorageException e = createFails(settings);
        assertThat(e.getMessage()).contains("S3 endpoint http://127.0.0.1:" + port + " unreachable");
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        assertNoSecret(e, S3ProxyServer.SECRET_KEY);
    }
}
