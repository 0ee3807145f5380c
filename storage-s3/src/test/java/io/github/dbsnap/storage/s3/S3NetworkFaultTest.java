package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageNetworkFaultContract;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.FaultProxy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The network-fault contract against S3Proxy; S3 does not resume a broken download. */
class S3NetworkFaultTest extends StorageNetworkFaultContract {
    private final S3ProxyServer server = S3ProxyServer.get();
    private final String bucket = server.newBucket();

    @Override
    protected int serverPort() {
        return server.port();
    }

    @Override
    protected StorageProvider providerThrough(FaultProxy proxy) {
        return provider(proxy, "1s");
    }

    private StorageProvider provider(FaultProxy proxy, String socketTimeout) {
        Map<String, String> settings = server.settings(bucket);
        settings.putAll(Map.of("endpoint", proxy.endpoint(), "max-attempts", "3", "connect-timeout", "1s",
                "socket-timeout", socketTimeout, "request-timeout", "3s"));
        return new S3StorageProviderFactory().create(ProviderConfig.of(settings));
    }

    @Override
    protected int partSize() {
        return 5 * MIB;
    }

    @Override
    protected void assertNothingStored() {
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(server.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    @DisplayName("a multipart upload left by a crashed writer is aborted by cleanup; young ones and foreign keys are kept")
    void cleanupAbortsStaleUploads() {
        String left = "altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/main.tar.zst";
        server.admin().createMultipartUpload(b -> b.bucket(bucket).key(left));
        server.admin().createMultipartUpload(b -> b.bucket(bucket).key("not-ours/data.bin"));
        assertThat(service.cleanup(Duration.ofHours(1))).as("a young upload may be someone else's").isZero();
        assertThat(service.cleanup(Duration.ZERO)).isEqualTo(1);
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .extracting(u -> u.key()).containsExactly("not-ours/data.bin");
    }

    @Test
    @DisplayName("a slow link (6 MiB/s) still stores a complete snapshot")
    void slowLinkSucceeds() {
        service.close();
        service = service(provider(proxy, "20s")); // longer than the link needs to drain what the client has buffered
        proxy.bandwidth(6L * MIB);
        SnapshotInfo s = service.create("main");
        proxy.heal();
        assertThat(service.verify(s.key()).entries()).hasSize(2);
    }
}
