package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15, finding 5: restores into a server with {@code maxmemory}, against a real redis-server. A
 * staging copy that does not fit is refused before it makes Redis evict live keys; a staged restore
 * that lost keys is never swapped in; an "empty" staging database someone writes into is not swapped.
 */
class RedisMaxmemoryTest {
    private static final int DB = 1;
    /** 7,000 keys of 1 KiB of random bytes: about 8.5 MiB in Redis, under the 16 MiB limit, but not twice. */
    private static final int KEYS = 7_000;
    private static final int VALUE = 1024;
    @TempDir
    Path dir;

    private static DatabaseSource source(RedisServer server, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", server.url(DB));
        return new RedisSourceFactory().create(ProviderConfig.of(settings));
    }

    private static long evicted(RedisServer server) {
        try (StatefulRedisConnection<String, String> c = server.connect(0)) {
            return c.sync().info("stats").lines().filter(l -> l.startsWith("evicted_keys:"))
                    .mapToLong(l -> Long.parseLong(l.substring("evicted_keys:".length()).trim())).findFirst().orElse(-1);
        }
    }

    private static long dbsize(RedisServer server) {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            return c.sync().dbsize();
        }
    }

    @ParameterizedTest(name = "maxmemory-policy {0}")
    @ValueSource(strings = {"allkeys-lru", "volatile-lru", "noeviction"})
    @DisplayName("a restore whose staging copy does not fit under maxmemory is refused; no live key is evicted")
    void stagingThatDoesNotFitIsRefused(String policy) throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--maxmemory", "16mb", "--maxmemory-policy", policy);
             SnapshotService service = SnapshotService.builder().storage(new MemoryStorageProvider())
                     .database("redis", source(server, Map.of())).build()) {
            fillRandom(server);
            expireAll(server); // volatile-lru only evicts keys with an expiry
            SnapshotInfo info = service.create("redis");
            RedisServer.State live = server.state(DB);
            assertThatThrownBy(() -> service.restore(info.key())).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("maxmemory").hasMessageContaining("allow-eviction=true")
                    .satisfies(e -> org.slf4j.LoggerFactory.getLogger(getClass()).info("refused: {}", e.getMessage()));
            assertThat(evicted(server)).isZero();
            assertThat(server.state(DB)).isEqualTo(live);
        }
    }

    @Test
    @DisplayName("without the snapshot's memory figure, staging stops before the batch that would pass maxmemory")
    void stagingStopsBeforeEvicting() throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--maxmemory", "16mb", "--maxmemory-policy", "allkeys-lru");
             DatabaseSource source = source(server, Map.of("batch-size", "100"))) {
            fillRandom(server);
            Segmented dump = Segmented.dump(source);
            RedisServer.State live = server.state(DB);
            // Segmented's metadata carries only the layout version, as a snapshot of an older dbsnap would
            assertThatThrownBy(() -> source.stage(dump.reader()).close()).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("allow-eviction=true");
            assertThat(evicted(server)).isZero();
            assertThat(server.state(DB)).isEqualTo(live);
        }
    }

    @Test
    @DisplayName("with allow-eviction, a staged restore that lost keys to eviction is not swapped in")
    void evictedStagingIsNotSwapped() throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--maxmemory", "16mb", "--maxmemory-policy", "allkeys-random");
             DatabaseSource source = source(server, Map.of("allow-eviction", "true"))) {
            fillRandom(server);
            RedisServer.State snapshot = server.state(DB);
            Segmented dump = Segmented.dump(source);
            try {
                try (StagedRestore staged = source.stage(dump.reader())) {
                    staged.commit();
                }
                // the opt-in allows losing live keys while staging, never a swapped-in database with keys missing
                assertThat(server.state(DB)).isEqualTo(snapshot);
            } catch (DatabaseSourceException e) {
                // allkeys-random may evict the staged keys (the count check) or the staging marker itself
                assertThat(e.getMessage()).containsAnyOf("missing keys", "marker of staging database");
                assertThat(dbsize(server)).isLessThanOrEqualTo(KEYS); // whatever eviction left of the old data
            }
            assertThat(evicted(server)).isPositive();
        }
    }

    @Test
    @DisplayName("a snapshot that fits under maxmemory restores exactly, whatever the policy")
    void fittingRestoreSucceeds() throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
             SnapshotService service = SnapshotService.builder().storage(new MemoryStorageProvider())
                     .database("redis", source(server, Map.of())).build()) {
            fillRandom(server);
            RedisServer.State snapshot = server.state(DB);
            SnapshotInfo info = service.create("redis");
            RedisConcurrentRestoreTest.fill(server, DB, "other:", 10, 10);
            service.restore(info.key());
            assertThat(server.state(DB)).isEqualTo(snapshot);
            assertThat(evicted(server)).isZero();
        }
    }

    @Test
    @DisplayName("a client writing into the automatically chosen staging database stops the swap; live data unchanged")
    void foreignWriteIntoStagingStopsTheSwap() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
             DatabaseSource source = source(server, Map.of("batch-size", "100"))) {
            RedisConcurrentRestoreTest.fill(server, DB, "k:", 2_000, 20);
            Segmented dump = Segmented.dump(source);
            RedisConcurrentRestoreTest.fill(server, DB, "live:", 50, 10);
            RedisServer.State live = server.state(DB);
            long half = Segmented.concat(dump.entries).length / 2;
            assertThatThrownBy(() -> {
                try (StagedRestore staged = source.stage(dump.reader(half, () -> {
                    try (StatefulRedisConnection<String, String> app = server.connect(15)) {
                        app.sync().set("app-started-using-db-15", "x");
                    }
                }))) {
                    staged.commit();
                }
            }).isInstanceOf(DatabaseSourceException.class).hasMessageContaining("another client wrote");
            // discarding the staging area also removed what the other client wrote into it (documented)
            assertThat(server.state(DB)).isEqualTo(live);
        }
    }

    /** Random values: their DUMP payload is as large as their memory, as with real, varied data. */
    private static void fillRandom(RedisServer server) {
        java.util.Random random = new java.util.Random(15);
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(DB)) {
            c.setAutoFlushCommands(false);
            var pending = new java.util.ArrayList<io.lettuce.core.RedisFuture<String>>();
            for (int i = 0; i < KEYS; i++) {
                byte[] value = new byte[VALUE];
                random.nextBytes(value);
                pending.add(c.async().set(("k:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value));
            }
            c.flushCommands();
            pending.forEach(f -> f.toCompletableFuture().join());
            c.setAutoFlushCommands(true);
        }
    }

    private static void expireAll(RedisServer server) {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.setAutoFlushCommands(false);
            var pending = new java.util.ArrayList<io.lettuce.core.RedisFuture<Boolean>>();
            for (int i = 0; i < KEYS; i++) {
                pending.add(c.async().expire("k:" + i, 86_400));
            }
            c.flushCommands();
            pending.forEach(f -> f.toCompletableFuture().join());
            c.setAutoFlushCommands(true);
        }
    }
}
