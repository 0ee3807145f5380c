package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The staging lease: renewed while its restore runs, and a crashed restore's staging area is reused once it ends. */
class RedisStagingLeaseTest {
    private static final int DB = 5;
    private static final Duration SHORT = Duration.ofSeconds(1);
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

    private static RedisSource source(String stagingDb) {
        return new RedisSource(RedisSourceConfig.from(ProviderConfig.of(Map.of("url", server.url(DB),
                "staging-db", stagingDb))), true, SHORT);
    }

    private static long pttlOfLease(int db) {
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(db)) {
            return c.sync().pttl(StagingLease.KEY);
        }
    }

    @Test
    @DisplayName("a restore that stages for many lease periods keeps its lease, and a second restore stays refused")
    void leaseIsRenewedWhileStaging() throws Exception {
        RedisConcurrentRestoreTest.fill(server, DB, "k:", 500, 10);
        RedisServer.State snapshot = server.state(DB);
        try (RedisSource first = source("7"); RedisSource second = source("7")) {
            Segmented dump = Segmented.dump(first);
            AtomicReference<Throwable> refused = new AtomicReference<>();
            try (StagedRestore staged = first.stage(dump.reader(100, () -> {
                long until = System.nanoTime() + 5 * SHORT.toNanos() / 2;
                while (System.nanoTime() < until) {
                    assertThat(pttlOfLease(7)).as("lease alive").isPositive();
                    Thread.onSpinWait();
                }
                try (StagedRestore other = second.stage(dump.reader())) {
                    other.commit();
                } catch (RuntimeException | java.io.IOException e) {
                    refused.set(e);
                }
            }))) {
                staged.commit();
            }
            assertThat(refused.get()).isInstanceOf(DatabaseSourceException.class).hasMessageContaining("in use");
            assertThat(server.state(DB)).isEqualTo(snapshot);
            assertThat(pttlOfLease(7)).isEqualTo(-2);
        }
    }

    @Test
    @DisplayName("a staging area whose owner died is reused once its lease expired")
    void crashedLeftoverIsReusedAfterItsLease() throws Exception {
        RedisConcurrentRestoreTest.fill(server, DB, "k:", 200, 10);
        RedisServer.State snapshot = server.state(DB);
        try (RedisSource source = source("8");
             StatefulRedisConnection<byte[], byte[]> crashed = server.connectBytes(8)) {
            Segmented dump = Segmented.dump(source);
            crashed.sync().set(StagingDatabase.MARKER, new byte[0]);
            crashed.sync().set("half-staged".getBytes(), "x".getBytes());
            crashed.sync().set(StagingLease.KEY, "dead-owner".getBytes(), io.lettuce.core.SetArgs.Builder.px(200));
            while (crashed.sync().exists(StagingLease.KEY) == 1) {
                Thread.onSpinWait(); // the dead owner renews nothing: its lease runs out
            }
            try (StagedRestore staged = source.stage(dump.reader())) {
                staged.commit();
            }
            assertThat(server.state(DB)).isEqualTo(snapshot);
            assertThat(crashed.sync().dbsize()).isZero();
        }
    }
}
