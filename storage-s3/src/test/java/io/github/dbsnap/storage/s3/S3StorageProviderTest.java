package io.github.dbsnap.storage.s3;

import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class S3StorageProviderTest extends StorageProviderContract {
    private final S3ProxyServer server = S3ProxyServer.get();
    private String bucket;

    @Override
    protected StorageProvider newProvider() {
        bucket = server.newBucket();
        return new S3StorageProviderFactory().create(ProviderConfig.of(server.settings(bucket)));
    }

    @Override
    protected void assertNoLeftovers() {
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    @DisplayName("ServiceLoader finds the s3 provider by name")
    void serviceLoaderFindsFactory() {
        try (StorageProvider p = StorageProviders.create("s3", ProviderConfig.of(server.settings(bucket)))) {
            assertThat(p.name()).isEqualTo("s3");
            assertThat(p.location()).hasToString("s3://" + bucket + "/");
        }
    }
}
