package io.github.dbsnap.storage.azure;

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
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole service against Azurite through a {@link FaultProxy}: create either succeeds after retries
 * or fails with one {@link DbsnapException} and no blob; restore either completes or leaves the live
 * data exactly as it was.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AzureNetworkFaultTest {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    private static final int MIB = 1 << 20;
    private final Map<String, byte[]> original = Map.of("a.bin", random(6 * MIB, 1), "b.bin", random(1000, 2));
    private final MapSource live = new MapSource(original);
    private String container;
    private FaultProxy proxy;
    private SnapshotService service;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeEach
    void setUp() throws IOException {
        container = AZURITE.newContainer();
        proxy = new FaultProxy(AZURITE.port());
        service = SnapshotService.builder().database("main", live).zstdWorkers(0)
                .storage(new AzureStorageProviderFactory().create(ProviderConfig.of(Map.of("container", container,
                        "connection-string", AZURITE.connectionString(proxy.port(), Azurite.KEY),
                        "block-size", "1MiB", "max-retries", "2", "timeout", "2s")))).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        service.close();
        proxy.close();
    }

    private void assertNothingStored() {
        assertThat(service.list("main")).isEmpty();
        assertThat(AZURITE.container(container).listBlobs()).isEmpty();
    }

    @Test
    @DisplayName("a block upload reset once is retried and the snapshot is complete")
    void resetOnceIsRetried() {
        proxy.resetAfter(MIB + MIB / 2, 1);
        SnapshotInfo s = service.create("main");
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(service.verify(s.key()).entries()).hasSize(2);
    }

    @Test
    @DisplayName("uploads reset every time: one StorageException, no blob, nothing listed")
    void resetAlwaysFailsCleanly() {
        proxy.resetAfter(MIB / 2, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain(Azurite.KEY));
        proxy.heal();
        assertNothingStored();
    }

    @Test
    @DisplayName("uploads stalled longer than the timeout: one StorageException within bounds, no blob")
    void stalledUploadFails() {
        proxy.stallAfter(MIB / 2, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertNothingStored();
    }

    @Test
    @DisplayName("a server that accepts and never answers: one StorageException after the timeouts, no blob")
    void blackholeFails() {
        proxy.blackhole(true);
        proxy.resetAll();
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertNothingStored();
    }

    @Test
    @DisplayName("downloads reset twice mid-restore: the SDK resumes the ranges, or the restore fails leaving live data as it was")
    void resetDownload() {
        SnapshotInfo s = service.create("main");
        live.set(Map.of("changed", new byte[] {1}));
        proxy.fault(Kind.RESET, Direction.DOWNSTREAM, 2L * MIB, 2);
        assertCompletesOrLeavesLive(s);
    }

    @Test
    @DisplayName("a download stalled mid-restore past the timeout: the restore completes on retries or fails leaving live data as it was")
    void stalledDownload() {
        SnapshotInfo s = service.create("main");
        live.set(Map.of("changed", new byte[] {1}));
        proxy.fault(Kind.STALL, Direction.DOWNSTREAM, MIB, 1);
        assertCompletesOrLeavesLive(s);
    }

    private void assertCompletesOrLeavesLive(SnapshotInfo s) {
        try {
            service.restore(s.key());
            assertThat(live.commits()).isEqualTo(1);
            original.forEach((k, v) -> assertThat(live.data().get(k)).isEqualTo(v));
        } catch (DbsnapException e) {
            assertThat(live.commits()).isZero();
            assertThat(live.data()).containsOnlyKeys("changed");
            proxy.heal();
            service.restore(s.key());
            original.forEach((k, v) -> assertThat(live.data().get(k)).isEqualTo(v));
        }
    }
}
