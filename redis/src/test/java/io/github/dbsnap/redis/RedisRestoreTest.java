package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restore behaviour of the redis source against a real redis-server: data fidelity, TTLs, staging, failures. */
class RedisRestoreTest {
    private static final int DB = 3;
    @TempDir
    static Path dir;
    private static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void fill() {
        TestData.populate(server, DB);
    }

    private SnapshotService service(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", server.url(DB));
        DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(settings));
        return SnapshotService.builder().storage(new MemoryStorageProvider()).database("redis", source).build();
    }

    private static Map<String, Long> pttls(int db) {
        Map<String, Long> out = new HashMap<>();
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(db)) {
            for (byte[] k : c.sync().keys("*")) {
                out.put(java.util.HexFormat.of().formatHex(k), c.sync().pttl(k));
            }
        }
        return out;
    }

    @Test
    @DisplayName("create, FLUSHALL, restore gives the same DEBUG DIGEST and TTLs within a second")
    void everyTypeSurvivesFlushall() {
        RedisServer.State before = server.state(DB);
        Map<String, Long> ttlBefore = pttls(DB);
        try (SnapshotService s = service(Map.of())) {
            SnapshotInfo info = s.create("redis");
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                c.sync().flushall();
            }
            assertThat(s.restore(info.key()).counts()).containsEntry("keys", before.keys());
        }
        assertThat(server.state(DB)).isEqualTo(before);
        Map<String, Long> ttlAfter = pttls(DB);
        assertThat(ttlAfter.keySet()).isEqualTo(ttlBefore.keySet());
        ttlBefore.forEach((k, ttl) -> {
            if (ttl < 0) {
                assertThat(ttlAfter.get(k)).as(k).isEqualTo(ttl);
            } else {
                assertThat(ttlAfter.get(k)).as(k).isBetween(ttl - 1000, ttl);
            }
        });
        assertThat(ttlBefore.values()).filteredOn(t -> t > 0).hasSize(4);
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            assertThat(c.sync().get(TestData.UNICODE_KEY)).isEqualTo("значение ✓ 値");
            assertThat(c.sync().xinfoGroups("stream")).hasSize(1);
            assertThat(c.sync().xpending("stream", "group").getCount()).isEqualTo(2);
            assertThat(c.sync().pfcount("hll")).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("an empty database round-trips, and restoring it empties the live database")
    void emptyDatabase() {
        try (StatefulRedisConnection<String, String> c = server.connect(DB);
             SnapshotService s = service(Map.of())) {
            c.sync().flushdb();
            SnapshotInfo info = s.create("redis");
            TestData.populate(server, DB);
            s.restore(info.key());
            assertThat(c.sync().dbsize()).isZero();
        }
    }

    @Test
    @DisplayName("keys that expire between SCAN and DUMP are skipped without error")
    void keysExpiringDuringScan() throws Exception {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            RedisAsyncCommands<String, String> a = c.async();
            List<io.lettuce.core.RedisFuture<String>> fs = new ArrayList<>();
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < 30_000; i++) {
                fs.add(a.set("short-" + i, "v", SetArgs.Builder.px(i % 10 == 0 ? 1 : 1 + random.nextInt(400))));
            }
            for (var f : fs) {
                f.get();
            }
        }
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(
                Map.of("url", server.url(DB), "batch-size", "20")))) {
            io.github.dbsnap.spi.DumpResult r = source.dump(new Segmented());
            assertThat(r.counts().get("keys")).isGreaterThanOrEqualTo(15);
            org.slf4j.LoggerFactory.getLogger(getClass()).info("dump while keys expire: {}", r.counts());
        }
        try (SnapshotService s = service(Map.of("batch-size", "100"))) {
            SnapshotInfo info = s.create("redis");
            Thread.sleep(450);
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                // a full SCAN deletes the expired keys it meets; until then DBSIZE and DEBUG DIGEST count them
                io.lettuce.core.ScanIterator.scan(c.sync()).forEachRemaining(k -> { });
            }
            RedisServer.State stable = server.state(DB);
            s.restore(info.key());
            assertThat(server.state(DB)).isEqualTo(stable);
        }
    }

    @Test
    @DisplayName("a restore staged in an empty database leaves other databases alone and the staging database empty")
    void stagingPicksAnEmptyDatabase() {
        try (StatefulRedisConnection<String, String> other = server.connect(15);
             SnapshotService s = service(Map.of())) {
            other.sync().set("belongs-to-someone-else", "keep");
            SnapshotInfo info = s.create("redis");
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                c.sync().set("extra", "x");
            }
            s.restore(info.key());
            assertThat(other.sync().get("belongs-to-someone-else")).isEqualTo("keep");
            assertThat(other.sync().dbsize()).isEqualTo(1);
            for (int db = 0; db < 15; db++) {
                if (db != DB) {
                    try (StatefulRedisConnection<String, String> c = server.connect(db)) {
                        assertThat(c.sync().dbsize()).as("database %d", db).isZero();
                    }
                }
            }
            other.sync().flushdb();
        }
    }

    @Test
    @DisplayName("merge mode overwrites snapshot keys and keeps other live keys")
    void mergeMode() {
        try (SnapshotService s = service(Map.of("mode", "merge"));
             StatefulRedisConnection<String, String> c = server.connect(DB)) {
            SnapshotInfo info = s.create("redis");
            c.sync().set("string", "changed");
            c.sync().set("only-live", "stays");
            s.restore(info.key());
            assertThat(c.sync().get("string")).isEqualTo("plain value");
            assertThat(c.sync().get("only-live")).isEqualTo("stays");
        }
    }

    @Test
    @DisplayName("a key whose expiry passed before the restore is not restored")
    void expiredBeforeRestore() throws Exception {
        try (SnapshotService s = service(Map.of());
             StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().psetex("soon", 300, "gone");
            SnapshotInfo info = s.create("redis");
            Thread.sleep(400);
            s.restore(info.key());
            assertThat(c.sync().exists("soon")).isZero();
            assertThat(c.sync().exists("string")).isOne();
        }
    }

    @Test
    @DisplayName("a connection dropped half-way through staging fails the restore and leaves live data unchanged")
    void connectionDroppedWhileStaging() throws Exception {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            for (int i = 0; i < 2000; i++) {
                c.async().set("k" + i, "value-" + i);
            }
            c.sync().ping();
        }
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(
                Map.of("url", server.url(DB), "batch-size", "50")))) {
            Segmented dump = Segmented.dump(source);
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                c.sync().set("changed-after-dump", "1");
            }
            RedisServer.State live = server.state(DB);
            long half = Segmented.concat(dump.entries).length / 2;
            assertThatThrownBy(() -> {
                try (StagedRestore staged = source.stage(dump.reader(half, RedisRestoreTest::killDbsnapClients))) {
                    staged.commit();
                }
            }).isInstanceOf(DatabaseSourceException.class);
            assertThat(server.state(DB)).isEqualTo(live);
            assertThat(totalKeysOutside(DB)).isZero();
        }
    }

    @Test
    @DisplayName("a payload Redis rejects fails staging, the staging database is emptied and live data unchanged")
    void corruptPayloadFailsStaging() throws Exception {
        // key segments (capture=scan): an RDB entry fails its own CRC-64 first (RedisReplicationTest)
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", server.url(DB),
                "capture", "scan")))) {
            Segmented dump = Segmented.dump(source);
            byte[] seg = dump.entries.values().iterator().next();
            seg[seg.length - 3] ^= 0x40; // inside the CRC64 of the last payload
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                c.sync().set("changed-after-dump", "1");
            }
            RedisServer.State live = server.state(DB);
            assertThatThrownBy(() -> source.stage(dump.reader()).close()).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("RESTORE");
            assertThat(server.state(DB)).isEqualTo(live);
            assertThat(totalKeysOutside(DB)).isZero();
        }
    }

    @Test
    @DisplayName("closing a staged restore without commit discards it")
    void closeWithoutCommit() throws Exception {
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", server.url(DB))))) {
            Segmented dump = Segmented.dump(source);
            try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                c.sync().flushdb();
            }
            source.stage(dump.reader()).close();
            assertThat(server.state(DB).keys()).isZero();
            assertThat(totalKeysOutside(DB)).isZero();
        }
    }

    static void killDbsnapClients() {
        try (StatefulRedisConnection<String, String> c = server.connect(0)) {
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + RedisConnector.CLIENT_NAME + " ")) {
                    String id = line.replaceAll("^id=(\\d+) .*$", "$1").trim();
                    c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                }
            }
        }
    }

    private static long totalKeysOutside(int live) {
        long n = 0;
        for (int db = 0; db < 16; db++) {
            if (db != live) {
                try (StatefulRedisConnection<String, String> c = server.connect(db)) {
                    n += c.sync().dbsize();
                }
            }
        }
        return n;
    }
}
