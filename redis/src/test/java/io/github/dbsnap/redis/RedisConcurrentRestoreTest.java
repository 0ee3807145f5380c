package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, finding 4: two restores of one database from two independent sources (separate clients, as
 * two processes would have) racing for the staging database; the live database must end up holding one
 * whole snapshot, never a mix or a part.
 */
class RedisConcurrentRestoreTest {
    private static final int DB = 2;
    private static final int KEYS = 3_000;
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

    private static DatabaseSource source(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", server.url(DB));
        return new RedisSourceFactory().create(ProviderConfig.of(settings));
    }

    static void fill(RedisServer server, int db, String prefix, int keys, int valueBytes) {
        try (StatefulRedisConnection<String, String> c = server.connect(db)) {
            c.sync().flushdb();
            RedisAsyncCommands<String, String> a = c.async();
            c.setAutoFlushCommands(false);
            List<RedisFuture<String>> pending = new ArrayList<>();
            String pad = "v".repeat(Math.max(0, valueBytes - 12));
            for (int i = 0; i < keys; i++) {
                pending.add(a.set(prefix + i, String.format("%012d", i) + pad));
                if (pending.size() == 1000 || i == keys - 1) {
                    c.flushCommands();
                    for (RedisFuture<String> f : pending) {
                        f.toCompletableFuture().join();
                    }
                    pending.clear();
                }
            }
            c.setAutoFlushCommands(true);
        }
    }

    /** Dumps snapshot A and B of {@link #DB}; leaves a third state live. */
    private record Snapshots(Segmented a, RedisServer.State stateA, Segmented b) {
    }

    private Snapshots snapshots(DatabaseSource sa, DatabaseSource sb) throws Exception {
        fill(server, DB, "a:", KEYS, 40);
        RedisServer.State stateA = server.state(DB);
        Segmented a = Segmented.dump(sa);
        fill(server, DB, "b:", KEYS, 40);
        Segmented b = Segmented.dump(sb);
        fill(server, DB, "live:", 100, 10);
        return new Snapshots(a, stateA, b);
    }

    /**
     * Restores A with {@code first}; half-way through its staging, restores B with {@code second} to the
     * end; then commits A. @return what the second restore threw, or null
     */
    private static Throwable race(DatabaseSource first, DatabaseSource second, Snapshots s) throws Exception {
        long half = Segmented.concat(s.a().entries).length / 2;
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        try (StagedRestore staged = first.stage(s.a().reader(half, () -> {
            try (StagedRestore other = second.stage(s.b().reader())) {
                other.commit();
            } catch (Exception | Error e) {
                secondFailure.set(e);
            }
        }))) {
            staged.commit();
        }
        return secondFailure.get();
    }

    @Test
    @DisplayName("a second restore started while the first is staging never takes the first one's staging database")
    void automaticStagingIsNotStolen() throws Exception {
        try (DatabaseSource first = source(Map.of()); DatabaseSource second = source(Map.of())) {
            Snapshots s = snapshots(first, second);
            Throwable secondFailure = race(first, second, s);
            assertThat(secondFailure).isNull();
            // the first restore committed last: the live database is exactly snapshot A
            assertThat(server.state(DB)).isEqualTo(s.stateA());
        }
    }

    @Test
    @DisplayName("with an explicit staging-db, a second restore is refused while the first is alive, and the first completes")
    void explicitStagingIsRefusedWhileOwned() throws Exception {
        Map<String, String> pinned = Map.of("staging-db", "9");
        try (DatabaseSource first = source(pinned); DatabaseSource second = source(pinned)) {
            Snapshots s = snapshots(first, second);
            Throwable secondFailure = race(first, second, s);
            assertThat(secondFailure).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("staging database 9 is in use by another restore");
            assertThat(server.state(DB)).isEqualTo(s.stateA());
        }
    }
}
