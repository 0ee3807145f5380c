package io.github.dbsnap.storage.s3;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connections cut part-way through an upload, through {@link FaultProxy}. */
class S3FaultTest {
    private static final long MIB = 1 << 20;
    private final S3ProxyServer server = S3ProxyServer.get();
    private final String bucket = server.newBucket();

    private StorageProvider through(FaultProxy proxy, String maxAttempts) {
        Map<String, String> settings = server.settings(bucket);
        settings.put("endpoint", proxy.endpoint());
        settings.put("max-attempts", maxAttempts);
        return new S3StorageProviderFactory().create(ProviderConfig.of(settings));
    }

    private void assertNothingLeft(String objectKey) {
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThatThrownBy(() -> server.admin().headObject(b -> b.bucket(bucket).key(objectKey)))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    @DisplayName("a connection cut once in the middle of a part is retried by the SDK and the object arrives intact")
    void cutOnceIsRetried() throws Exception {
        long size = 12 * MIB;
        try (FaultProxy proxy = new FaultProxy(server.port()).resetAfter(2 * MIB, 1);
             StorageProvider p = through(proxy, "3")) {
            assertThat(p.write("retry/main.tar.zst", Streams.pseudoRandom(size, 5)).size()).isEqualTo(size);
            assertThat(proxy.faults()).isEqualTo(1);
            try (InputStream in = server.admin().getObject(b -> b.bucket(bucket).key("retry/main.tar.zst"))) {
                assertThat(Streams.sha256(in)).isEqualTo(Streams.sha256(Streams.pseudoRandom(size, 5)));
            }
        }
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    @DisplayName("a single-request object whose connection is cut once is retried too")
    void smallObjectCutOnceIsRetried() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.port()).resetAfter(1 * MIB, 1);
             StorageProvider p = through(proxy, "3")) {
            assertThat(p.write("small/main.tar.zst", Streams.pseudoRandom(3 * MIB, 6)).size()).isEqualTo(3 * MIB);
            assertThat(proxy.faults()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("connections cut every time: the write fails cleanly, no object, no open multipart upload")
    void cutEveryTimeFailsCleanly() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.port()).resetAfter(2 * MIB, Integer.MAX_VALUE);
             StorageProvider p = through(proxy, "2")) {
            assertThatThrownBy(() -> p.write("fail/main.tar.zst", Streams.pseudoRandom(12 * MIB, 7)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("fail/main.tar.zst");
            assertThat(proxy.faults()).isGreaterThanOrEqualTo(2);
        }
        assertNothingLeft("fail/main.tar.zst");
    }
}
