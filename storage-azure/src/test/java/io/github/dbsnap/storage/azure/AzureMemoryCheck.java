package io.github.dbsnap.storage.azure;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance check for bounded memory: 1 GiB up and down with default settings. Not part of the
 * default suite (the name does not end in Test); run it on purpose with
 * {@code mvn -B -pl storage-azure -am verify -Dtest=AzureMemoryCheck -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx64m}.
 */
class AzureMemoryCheck {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    private static final long SIZE = Long.getLong("dbsnap.memoryCheck.bytes", 1024L * 1024 * 1024);

    @Test
    @DisplayName("1 GiB is uploaded and read back with a small heap")
    void oneGibibyteWithSmallHeap() throws Exception {
        String container = AZURITE.newContainer();
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(Map.of(
                "container", container, "connection-string", AZURITE.connectionString())))) {
            long t0 = System.nanoTime();
            StoredObject o = p.write("big/main.tar.zst", Streams.pseudoRandom(SIZE, 11));
            long t1 = System.nanoTime();
            assertThat(o.size()).isEqualTo(SIZE);
            String sha;
            try (InputStream in = p.read("big/main.tar.zst")) {
                sha = Streams.sha256(in);
            }
            long t2 = System.nanoTime();
            assertThat(sha).isEqualTo(Streams.sha256(Streams.pseudoRandom(SIZE, 11)));
            StringBuilder peaks = new StringBuilder();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peaks.append(' ').append(pool.getName().replace(' ', '-')).append("-peak=")
                            .append(pool.getPeakUsage().getUsed() >> 20).append("MiB");
                }
            }
            System.out.printf("MEMORY-CHECK size=%d maxHeap=%dMiB%s upload=%.1fs download=%.1fs%n",
                    SIZE, Runtime.getRuntime().maxMemory() >> 20, peaks, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }
}
