package io.github.dbsnap.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderContract;
import io.github.dbsnap.spi.StorageProviderFactory;
import io.github.dbsnap.spi.StoredObject;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
    protected StorageProviderFactory factory() {
        return new AzureStorageProviderFactory();
    }

    @Override
    protected Map<String, String> storeSettings() {
        container = AZURITE.newContainer();
        return settings(container);
    }

    /**
     * Every blob in the container is a complete object the provider lists: nothing half-written is
     * visible. Uncommitted blocks of a failed write are not checked: no client can remove them (a blob
     * that was never committed cannot be deleted), they are invisible to every reader, and Azure discards
     * them a week after the last staging.
     */
    @Override
    protected void assertNoLeftovers() {
        List<String> blobs = AZURITE.container(container).listBlobs().stream().map(b -> b.getName()).toList();
        assertThat(blobs).containsExactlyInAnyOrderElementsOf(provider.list("").stream().map(StoredObject::key).toList());
    }

    @Override
    protected void createDirectoryMarker(String name) {
        AZURITE.container(container).getBlobClient(name).upload(BinaryData.fromBytes(new byte[0]));
    }

    /** A crashed write leaves only uncommitted blocks, which no client can remove (see assertNoLeftovers). */
    @Override
    protected boolean plantLeftover(String key) {
        AZURITE.container(container).getBlobClient(key).getBlockBlobClient()
                .stageBlock(BlockUploader.blockId("crashed0", 0), BinaryData.fromBytes(new byte[] {1, 2, 3}));
        return false;
    }

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }

    @Test
    @DisplayName("URIs are azure://container/prefix/key")
    void uriShape() {
        Map<String, String> m = settings(container);
        m.put("prefix", "team/");
        try (StorageProvider p = new AzureStorageProviderFactory().create(ProviderConfig.of(m))) {
            assertThat(p.uri("db/main.tar.zst")).hasToString("azure://" + container + "/team/db/main.tar.zst");
            assertThat(p.location()).hasToString("azure://" + container + "/team/");
        }
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
