package io.github.dbsnap.spi;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.FaultProxy.Direction;
import io.github.dbsnap.testing.FaultProxy.Kind;
import io.github.dbsnap.testing.MapSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every network storage provider must survive, driven through {@link SnapshotService} against
 * the real server behind a {@link FaultProxy}: a reset retried, resets every time, stalls longer than
 * the client's timeouts, a server that never answers, and broken downloads. Create either succeeds or
 * fails with one {@link StorageException} leaving nothing listed and nothing staged; restore either
 * completes or leaves the live data exactly as it was. A module supplies a provider whose endpoint is
 * the proxy, with short timeouts and few retries.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class StorageNetworkFaultContract {
    protected static final int MIB = 1 << 20;

    /** The live data: two parts and a bit of random bytes, and a small file. */
    protected Map<String, byte[]> original;
    protected MapSource live;
    protected FaultProxy proxy;
    protected SnapshotService service;

    /** @return the loopback port of the real server (S3Proxy, Azurite) */
    protected abstract int serverPort();

    /**
     * @return a provider on a new, empty store reached through {@code proxy}, with timeouts of a few
     *         seconds and at most a few retries
     */
    protected abstract StorageProvider providerThrough(FaultProxy proxy);

    /** @return the size of one uploaded part or block; the snapshot spans several */
    protected abstract int partSize();

    /** Asserts, directly on the server, that no object and nothing staged (multipart uploads) remains. */
    protected abstract void assertNothingStored();

    /**
     * @return true when the provider resumes a broken download where it stopped (Azure's SDK does); such
     *         a restore may complete despite a few faults. Default false: a broken download fails.
     */
    protected boolean resumesDownloads() {
        return false;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b); // incompressible, so the object spans several parts
        return b;
    }

    @BeforeEach
    void startProxy() throws Exception {
        original = Map.of("a.bin", random(2 * partSize() + 2 * MIB, 1), "b.bin", random(1000, 2));
        live = new MapSource(original);
        proxy = new FaultProxy(serverPort());
        service = service(providerThrough(proxy));
    }

    /** @return a service on {@code storage} snapshotting {@link #live} as database {@code main} */
    protected SnapshotService service(StorageProvider storage) {
        return SnapshotService.builder().database("main", live).zstdWorkers(0).storage(storage).build();
    }

    @AfterEach
    void stopProxy() throws Exception {
        if (service != null) {
            service.close();
        }
        proxy.close();
    }

    private void assertNothingListed() {
        assertThat(service.list("main")).isEmpty();
        assertNothingStored();
    }

    @Test
    @DisplayName("an upload reset once mid-part is retried and the snapshot is complete")
    protected void resetOnceIsRetried() {
        proxy.resetAfter(partSize() * 3L / 5, 1);
        SnapshotInfo s = service.create("main");
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(service.verify(s.key()).entries()).hasSize(2);
    }

    @Test
    @DisplayName("uploads reset every time: one StorageException, nothing listed, nothing staged")
    protected void resetAlwaysFailsCleanly() {
        uploadFailsCleanly(Kind.RESET);
    }

    @Test
    @DisplayName("uploads stalled longer than the timeouts: one StorageException within bounds, nothing left")
    protected void stalledUploadFails() {
        uploadFailsCleanly(Kind.STALL);
    }

    private void uploadFailsCleanly(Kind kind) {
        proxy.fault(kind, Direction.UPSTREAM, partSize() * 2L / 5, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertNothingListed();
    }

    @Test
    @DisplayName("a server that accepts and never answers: one StorageException; cleanup removes what could not be aborted")
    protected void blackholeFails() {
        service.list("main");
        proxy.blackhole(true);
        proxy.resetAll(); // kept-alive connections would bypass the partition: every request must open a new one
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        // whether an abort got through depends on which connections were pooled; cleanup removes what is left
        service.cleanup(Duration.ZERO);
        assertNothingListed();
    }

    @Test
    @DisplayName("a download reset mid-restore leaves the live data exactly as it was, unless resumed; a healed link restores")
    protected void resetDownload() {
        brokenDownload(Kind.RESET);
    }

    @Test
    @DisplayName("a download stalled mid-restore leaves the live data exactly as it was, unless resumed; a healed link restores")
    protected void stalledDownload() {
        brokenDownload(Kind.STALL);
    }

    private void brokenDownload(Kind kind) {
        SnapshotInfo s = service.create("main");
        live.set(Map.of("changed", new byte[] {1}));
        proxy.fault(kind, Direction.DOWNSTREAM, original.get("a.bin").length / 3, resumesDownloads() ? 2 : Integer.MAX_VALUE);
        try {
            service.restore(s.key());
            assertThat(resumesDownloads()).as("a provider that does not resume downloads must fail the restore").isTrue();
        } catch (DbsnapException e) {
            assertThat(live.commits()).isZero();
            assertThat(live.data()).containsOnlyKeys("changed");
            proxy.heal();
            service.restore(s.key());
        }
        assertThat(live.commits()).isEqualTo(1);
        original.forEach((k, v) -> assertThat(live.data().get(k)).isEqualTo(v));
    }

    @Test
    @DisplayName("a server lost while listing gives one StorageException, never a partial list")
    protected void listingFailsCleanly() {
        service.create("main");
        proxy.blackhole(true);
        proxy.resetAll();
        assertThatThrownBy(() -> service.list("main")).isInstanceOf(StorageException.class);
        proxy.heal();
        assertThat(service.list("main")).hasSize(1);
        assertThat(live.commits()).isZero();
    }
}
