package io.github.dbsnap.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderContract;
import io.github.dbsnap.spi.StoredObject;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureStorageProviderTest extends StorageProviderContract {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();

    private String container;

    private Map<String, String> settings(String container) {
        Map<String, String> m = new HashMap<>();
        m.put("container", container);
        m.put("connection-string", AZURITE.connectionString());
        m.put("block-size", "4MiB");
        m.put("parallel-blocks", "3");
        return m;
    }

    @Override
    protected StorageProvider newProvider() {
        container = AZURITE.newContainer();
        return new AzureStorageProviderFactory().create(ProviderConfig.of(settings(container)));
    }

    /** Uncommitted blocks are invisible and garbage-collected by Azure; no blob may exist or be listed. */
    @Override
    protected void assertNoLeftovers() {
        BlobContainerClient c = AZURITE.container(container);
        assertThat(c.listBlobs()).isEmpty();
        assertThat(c.getBlobClient("f/main.tar.zst").exists()).isFalse();
    }

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }

    @Test
    @DisplayName("ServiceLoader finds the azure provider by name")
    void serviceLoaderFindsFactory() {
        try (StorageProvider p = StorageProviders.create("azure", ProviderConfig.of(settings(container)))) {
            assertThat(p.name()).isEqualTo("azure");
            assertThat(p.location()).hasToString("azure://" + container + "/");
        }
    }

    @Test
    @DisplayName("listing follows every page when there are more blobs than one page holds")
    void listingFollowsPages() {
        Map<String, String> m = settings(container);
        m.put("list-page-size", "2");
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(m))) {
            for (int i = 0; i < 7; i++) {
                p.write("p/" + i + "/main.tar.zst", bytes(i));
            }
            p.write("q/main.tar.zst", bytes(1));
            assertThat(p.list("p/")).hasSize(7).extracting(StoredObject::size).contains(0L, 6L);
            assertThat(p.list("")).hasSize(8);
        }
    }

    @Test
    @DisplayName("a prefix is prepended to blob names and URIs map back to keys")
    void prefixAndUris() {
        Map<String, String> m = settings(container);
        m.put("prefix", "team/");
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(m))) {
            p.write("db/main.tar.zst", bytes(3));
            assertThat(AZURITE.container(container).getBlobClient("team/db/main.tar.zst").exists()).isTrue();
            URI uri = p.uri("db/main.tar.zst");
            assertThat(uri).hasToString("azure://" + container + "/team/db/main.tar.zst");
            assertThat(p.keyOf(uri)).contains("db/main.tar.zst");
            assertThat(p.keyOf(URI.create("azure://othercontainer/team/db/main.tar.zst"))).isEmpty();
            assertThat(p.keyOf(URI.create("s3://" + container + "/team/db/main.tar.zst"))).isEmpty();
            assertThatThrownBy(() -> p.keyOf(URI.create("azure://" + container + "/other/db/main.tar.zst")))
                    .isInstanceOf(io.github.dbsnap.InvalidStorageKeyException.class);
            assertThat(p.list("")).extracting(StoredObject::key).containsExactly("db/main.tar.zst");
        }
    }

    @Test
    @DisplayName("directory markers (names ending with /) are not listed")
    void directoryMarkersIgnored() {
        AZURITE.container(container).getBlobClient("a/").upload(BinaryData.fromBytes(new byte[0]));
        provider.write("a/main.tar.zst", bytes(1));
        assertThat(provider.list("")).extracting(StoredObject::key).containsExactly("a/main.tar.zst");
    }

    @Test
    @DisplayName("a stream is uploaded as several staged blocks committed once")
    void uploadsInBlocks() {
        Map<String, String> m = settings(container);
        m.put("block-size", "64KiB");
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(m))) {
            p.write("blocks/main.tar.zst", Streams.pseudoRandom(1024 * 1024 + 5, 3));
        }
        var list = AZURITE.container(container).getBlobClient("blocks/main.tar.zst").getBlockBlobClient()
                .listBlocks(BlockListType.ALL);
        assertThat(list.getCommittedBlocks()).hasSize(17);
        assertThat(list.getUncommittedBlocks()).isEmpty();
    }

    @Test
    @DisplayName("of two concurrent writes of one key exactly one succeeds")
    void concurrentWritesOfOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Object> write = () -> {
                try {
                    return provider.write("race/main.tar.zst", Streams.pseudoRandom(6L * 1024 * 1024, 9));
                } catch (SnapshotExistsException e) {
                    return e;
                }
            };
            List<Future<Object>> results = pool.invokeAll(List.of(write, write));
            List<Object> outcomes = List.of(results.get(0).get(), results.get(1).get());
            assertThat(outcomes).filteredOn(o -> o instanceof StoredObject).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof SnapshotExistsException).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a missing container is created when create-container is set")
    void createsContainerWhenAsked() {
        String name = "created" + Long.toHexString(System.nanoTime());
        Map<String, String> m = settings(name);
        m.put("create-container", "true");
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(m))) {
            p.write("x/main.tar.zst", bytes(2));
            assertThat(AZURITE.container(name).exists()).isTrue();
        }
    }
}
