package io.github.dbsnap.storage.azure;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageNetworkFaultContract;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.FaultProxy;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The network-fault contract against Azurite; the Azure SDK resumes a broken download by ranges. */
class AzureNetworkFaultTest extends StorageNetworkFaultContract {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    private String container;

    @Override
    protected int serverPort() {
        return AZURITE.port();
    }

    @Override
    protected StorageProvider providerThrough(FaultProxy proxy) {
        container = AZURITE.newContainer();
        return new AzureStorageProviderFactory().create(ProviderConfig.of(Map.of("container", container,
                "connection-string", AZURITE.connectionString(proxy.port(), Azurite.KEY),
                "block-size", "1MiB", "max-retries", "2", "timeout", "2s")));
    }

    @Override
    protected int partSize() {
        return 1 << 20;
    }

    /** Uncommitted blocks cannot be listed as blobs nor removed (see AzureStorageProviderTest): no blob may exist. */
    @Override
    protected void assertNothingStored() {
        assertThat(AZURITE.container(container).listBlobs()).isEmpty();
    }

    @Override
    protected boolean resumesDownloads() {
        return true;
    }
}
