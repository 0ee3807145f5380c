package io.github.dbsnap.redis;

import io.github.dbsnap.StorageException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis scheduler lock against a real redis-server. */
class RedisSchedulerLockTest {
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

    @Test
    @DisplayName("only one of two instances gets a lease; release frees it for the next holder")
    void oneHolderAtATime() {
        try (RedisSchedulerLock a = RedisSchedulerLock.create(server.url(1));
             RedisSchedulerLock b = RedisSchedulerLock.create(server.url(1))) {
            Optional<io.github.dbsnap.spi.SchedulerLock.Lease> first = a.tryAcquire("dbsnap:lock:main:1", Duration.ofMinutes(5));
            assertThat(first).isPresent();
            assertThat(b.tryAcquire("dbsnap:lock:main:1", Duration.ofMinutes(5))).isEmpty();
            assertThat(b.tryAcquire("dbsnap:lock:main:2", Duration.ofMinutes(5))).isPresent();
            assertThat(first.get().release()).isTrue();
            assertThat(first.get().release()).isFalse();
            assertThat(b.tryAcquire("dbsnap:lock:main:1", Duration.ofMinutes(5))).isPresent();
        }
    }

    @Test
    @DisplayName("a lease expires by the server's clock, and an expired holder cannot release the new holder's lease")
    void expiredHolderCannotReleaseOthers() throws Exception {
        try (RedisSchedulerLock a = RedisSchedulerLock.create(server.url(1));
             RedisSchedulerLock b = RedisSchedulerLock.create(server.url(1));
             StatefulRedisConnection<String, String> c = server.connect(1)) {
            io.github.dbsnap.spi.SchedulerLock.Lease old = a.tryAcquire("dbsnap:lock:x", Duration.ofMillis(100)).orElseThrow();
            assertThat(c.sync().pttl("dbsnap:lock:x")).isBetween(1L, 100L);
            Thread.sleep(200);
            io.github.dbsnap.spi.SchedulerLock.Lease fresh = b.tryAcquire("dbsnap:lock:x", Duration.ofMinutes(1)).orElseThrow();
            assertThat(fresh.token()).isNotEqualTo(old.token()).hasSize(32);
            assertThat(old.release()).isFalse();
            assertThat(c.sync().get("dbsnap:lock:x")).isEqualTo(fresh.token());
            assertThat(fresh.release()).isTrue();
            assertThat(c.sync().exists("dbsnap:lock:x")).isZero();
        }
    }

    @Test
    @DisplayName("an unreachable Redis fails with StorageException")
    void unreachable() throws Exception {
        try (RedisSchedulerLock lock = RedisSchedulerLock.create("redis://:pw@127.0.0.1:" + RedisServer.freePort())) {
            assertThatThrownBy(() -> lock.tryAcquire("n", Duration.ofSeconds(1))).isInstanceOf(StorageException.class)
                    .hasMessageNotContaining("pw@");
        }
    }
}
