package io.github.dbsnap.storage.azure;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class AzureFaultTest {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    private static final long MIB = 1024 * 1024;

    private static StorageProvider through(FaultProxy proxy, String container, String blockSize, int retries) {
        return new AzureStorageProviderFactory().create(ProviderConfig.of(Map.of("container", container,
                "connection-string", AZURITE.connectionString(proxy.port(), Azurite.KEY),
                "block-size", blockSize, "max-retries", String.valueOf(retries), "timeout", "20s")));
    }

    @Test
    @DisplayName("an upload whose connections are cut every time fails cleanly and leaves no blob")
    void cutEveryTimeFailsCleanly() throws Exception {
        String container = AZURITE.newContainer();
        try (FaultProxy proxy = new FaultProxy(AZURITE.port()).resetAfter(MIB, Integer.MAX_VALUE);
             StorageProvider p = through(proxy, container, "4MiB", 1)) {
            Throwable t = catchThrowable(() -> p.write("cut/main.tar.zst", Streams.pseudoRandom(10 * MIB, 5)));
            assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("writing 'cut/main.tar.zst'");
            assertThat(t.getMessage()).doesNotContain(Azurite.KEY);
            assertThat(proxy.faults()).isGreaterThanOrEqualTo(2);
        }
        assertThat(AZURITE.container(container).getBlobClient("cut/main.tar.zst").exists()).isFalse();
        assertThat(AZURITE.container(container).listBlobs()).isEmpty();
    }

    @Test
    @DisplayName("a connection cut once during an upload is retried and the blob is complete")
    void singleCutIsRetried() throws Exception {
        String container = AZURITE.newContainer();
        long size = 6 * MIB + 123;
        try (FaultProxy proxy = new FaultProxy(AZURITE.port()).resetAfter(MIB + MIB / 2, 1);
             StorageProvider p = through(proxy, container, "1MiB", 3)) {
            assertThat(p.write("retry/main.tar.zst", Streams.pseudoRandom(size, 6)).size()).isEqualTo(size);
            assertThat(proxy.faults()).isEqualTo(1);
        }
        try (InputStream in = AZURITE.container(container).getBlobClient("retry/main.tar.zst").openInputStream()) {
            assertThat(Streams.sha256(in)).isEqualTo(Streams.sha256(Streams.pseudoRandom(size, 6)));
        }
    }
}
