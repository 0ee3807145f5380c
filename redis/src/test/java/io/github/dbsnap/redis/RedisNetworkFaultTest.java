package io.github.dbsnap.redis;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.FaultProxy.Direction;
import io.github.dbsnap.testing.FaultProxy.Kind;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real {@code redis-server} behind a {@link FaultProxy}: a dump cut, stalled or never answered fails
 * with one {@link DbsnapException} and stores nothing; a restore cut or stalled while staging leaves the
 * live database exactly as it was, and the next restore (which flushes the staging leftovers) completes.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisNetworkFaultTest {
    private static final int DB = 0;
    @TempDir
    static Path dir;
    private static RedisServer server;
    private FaultProxy proxy;
    private MemoryStorageProvider storage;
    private SnapshotService service;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        TestData.populate(server, DB);
        java.util.Random random = new java.util.Random(3);
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(DB)) {
            for (int i = 0; i < 4000; i++) {
                byte[] value = new byte[1000];
                random.nextBytes(value); // incompressible: DUMP would LZF-compress repeated bytes to nothing
                c.sync().set(("bulk:" + i).getBytes(), value); // about 4 MB, so that faults land mid-stream
            }
        }
        proxy = new FaultProxy(server.port());
        storage = new MemoryStorageProvider();
        service = SnapshotService.builder().storage(storage).database("redis", new RedisSourceFactory().create(
                ProviderConfig.of(Map.of("url", "redis://127.0.0.1:" + proxy.port() + "/" + DB, "timeout", "2s",
                        "batch-size", "200")))).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        proxy.close();
    }

    /**
     * @return DEBUG DIGEST of the live database with every key's absolute expiry: content, not encoding
     *         (a DUMP of a set can order its members differently after RESTORE while holding the same data)
     */
    private static RedisServer.State live() {
        return server.state(DB);
    }

    @Test
    @DisplayName("a dump whose connection is reset, stalled past the timeout, or never answered fails with one error and stores nothing")
    void brokenDumpFails() {
        proxy.fault(Kind.RESET, Direction.DOWNSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("redis")).isInstanceOf(DbsnapException.class);
        proxy.fault(Kind.STALL, Direction.DOWNSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("redis")).isInstanceOf(DbsnapException.class);
        proxy.heal().blackhole(true);
        proxy.resetAll();
        assertThatThrownBy(() -> service.create("redis")).isInstanceOf(DbsnapException.class);
        proxy.heal();
        assertThat(storage.list("")).isEmpty();
        assertThat(service.list("redis")).isEmpty();
    }

    @Test
    @DisplayName("a restore reset or stalled while staging leaves the live database exactly as it was; a healed link restores")
    void brokenRestoreLeavesLiveData() throws Exception {
        SnapshotInfo s = service.create("redis");
        RedisServer.State snapshot = live();
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().del("bulk:7", "string");
            c.sync().set("added", "after the snapshot");
        }
        RedisServer.State changed = live();
        proxy.fault(Kind.RESET, Direction.UPSTREAM, 2L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        assertThat(live()).isEqualTo(changed);
        proxy.fault(Kind.STALL, Direction.UPSTREAM, 2L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        assertThat(live()).isEqualTo(changed);
        proxy.heal();
        service.restore(s.key());
        assertThat(live()).isEqualTo(snapshot);
    }
}
