package io.github.dbsnap.storage.s3;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.FaultProxy.Direction;
import io.github.dbsnap.testing.FaultProxy.Kind;
import io.github.dbsnap.testing.MapSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole service against S3Proxy through a {@link FaultProxy}: resets, stalls longer than the
 * client's timeouts, a server that never answers, a slow link. Create either succeeds or fails with
 * one {@link DbsnapException} and leaves nothing listed and no open multipart upload; restore either
 * completes or leaves the live data exactly as it was.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class S3NetworkFaultTest {
    private static final int MIB = 1 << 20;
    private final S3ProxyServer server = S3ProxyServer.get();
    private final String bucket = server.newBucket();
    private final Map<String, byte[]> original = Map.of("a.bin", random(12 * MIB, 1), "b.bin", random(1000, 2));
    private final MapSource live = new MapSource(original);
    private FaultProxy proxy;
    private SnapshotService service;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b); // incompressible, so the object spans several 5 MiB parts
        return b;
    }

    @BeforeEach
    void setUp() throws IOException {
        proxy = new FaultProxy(server.port());
        service = service("1s");
    }

    private SnapshotService service(String socketTimeout) {
        Map<String, String> settings = server.settings(bucket);
        settings.put("endpoint", proxy.endpoint());
        settings.put("max-attempts", "3");
        settings.put("connect-timeout", "1s");
        settings.put("socket-timeout", socketTimeout);
        settings.put("request-timeout", "3s");
        return SnapshotService.builder().database("main", live).zstdWorkers(0)
                .storage(new S3StorageProviderFactory().create(ProviderConfig.of(settings))).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        service.close();
        proxy.close();
    }

    private void assertNothingStored() {
        assertThat(service.list("main")).isEmpty();
        assertThat(server.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    private void assertLiveUnchanged() {
        assertThat(live.commits()).isZero();
        assertThat(live.data()).containsOnlyKeys(original.keySet());
        original.forEach((k, v) -> assertThat(live.data().get(k)).isEqualTo(v));
    }

    @Test
    @DisplayName("an upload reset once mid-part is retried and the snapshot is complete")
    void resetOnceIsRetried() {
        proxy.resetAfter(3 * MIB, 1);
        SnapshotInfo s = service.create("main");
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(service.verify(s.key()).entries()).hasSize(2);
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    @DisplayName("uploads reset every time: one StorageException, nothing listed, no multipart upload left")
    void resetAlwaysFailsCleanly() {
        proxy.resetAfter(2 * MIB, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertNothingStored();
    }

    @Test
    @DisplayName("uploads stalled longer than the socket timeout: one StorageException within bounds, nothing left")
    void stalledUploadFails() {
        proxy.stallAfter(2 * MIB, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertNothingStored();
    }

    @Test
    @DisplayName("a server that accepts and never answers: one StorageException; the upload it could not abort is cleaned up")
    void blackholeFails() {
        service.list("main");
        proxy.blackhole(true);
        proxy.resetAll(); // kept-alive connections would bypass the partition: every request must open a new one
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        // whether the abort got through depends on which connections were pooled; cleanup removes what is left
        service.cleanup(java.time.Duration.ZERO);
        assertNothingStoredButProxyLeftovers();
    }

    @Test
    @DisplayName("a multipart upload left by a crashed writer is aborted by cleanup; young ones and foreign keys are kept")
    void cleanupAbortsStaleUploads() {
        String left = "altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/main.tar.zst";
        server.admin().createMultipartUpload(b -> b.bucket(bucket).key(left));
        server.admin().createMultipartUpload(b -> b.bucket(bucket).key("not-ours/data.bin"));
        assertThat(service.cleanup(java.time.Duration.ofHours(1))).as("a young upload may be someone else's").isZero();
        assertThat(service.cleanup(java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .extracting(u -> u.key()).containsExactly("not-ours/data.bin");
    }

    /** S3Proxy's in-memory store keeps empty marker objects of aborted uploads; real S3 keeps none. */
    private void assertNothingStoredButProxyLeftovers() {
        assertThat(service.list("main")).isEmpty();
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(server.admin().listObjectsV2(b -> b.bucket(bucket)).contents())
                .allSatisfy(o -> assertThat(o.size()).isZero());
    }

    @Test
    @DisplayName("a slow link (6 MiB/s) still stores a complete snapshot")
    void slowLinkSucceeds() {
        service.close();
        service = service("20s"); // longer than the link needs to drain what the client has buffered
        proxy.bandwidth(6L * MIB);
        SnapshotInfo s = service.create("main");
        proxy.heal();
        assertThat(service.verify(s.key()).entries()).hasSize(2);
    }

    @Test
    @DisplayName("downloads reset or stalled mid-restore leave the live data exactly as it was; a healed link restores")
    void brokenDownloadLeavesLiveData() {
        SnapshotInfo s = service.create("main");
        live.set(Map.of("changed", new byte[] {1}));
        Map<String, byte[]> changed = live.data();
        proxy.fault(Kind.RESET, Direction.DOWNSTREAM, 4L * MIB, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        proxy.fault(Kind.STALL, Direction.DOWNSTREAM, 4L * MIB, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        assertThat(live.commits()).isZero();
        assertThat(live.data()).containsOnlyKeys(changed.keySet());
        proxy.heal();
        service.restore(s.key());
        assertThat(live.commits()).isEqualTo(1);
        original.forEach((k, v) -> assertThat(live.data().get(k)).isEqualTo(v));
    }

    @Test
    @DisplayName("a connection reset while listing or checking gives one StorageException, never a partial list")
    void listingFailsCleanly() {
        service.create("main");
        proxy.blackhole(true);
        proxy.resetAll(); // and the pooled connections die
        assertThatThrownBy(() -> service.list("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertThat(service.list("main")).hasSize(1);
        assertLiveUnchanged();
    }
}
