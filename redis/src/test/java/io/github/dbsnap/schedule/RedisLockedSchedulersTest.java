package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.SchedulerLocks;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.redis.RedisServer;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scheduler instances, each with its own clock and its own Redis lock client, share one real
 * redis-server: every minute's tick runs on exactly one of them.
 */
class RedisLockedSchedulersTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("two instances with * * * * * and a shared Redis lock take exactly one snapshot per minute between them")
    void oneSnapshotPerTick() throws Exception {
        Instant start = Instant.parse("2026-11-26T10:00:30Z");
        MemoryStorageProvider storage = new MemoryStorageProvider();
        try (RedisServer redis = RedisServer.start(dir)) {
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                instances.add(new Instance(storage, start, redis.url(0)));
            }
            try {
                for (int minute = 1; minute <= 5; minute++) {
                    Instant tick = Instant.parse("2026-11-26T10:00:00Z").plus(Duration.ofMinutes(minute));
                    for (Instance in : instances) {
                        in.ticker.advanceTo(tick.plusSeconds(1));
                    }
                    List<String> seen = new ArrayList<>();
                    for (Instance in : instances) {
                        seen.add(in.events.next().replaceAll(" #\\d+", ""));
                    }
                    assertThat(seen).as("tick %s", tick).containsExactlyInAnyOrder(
                            "succeeded CREATE main " + tick, "skipped main " + tick + " LOCKED_ELSEWHERE");
                }
            } finally {
                for (Instance in : instances) {
                    in.close();
                }
            }
            assertThat(storage.list("")).hasSize(5);
        }
    }

    /** One host instance: its own clock, service, lock client and scheduler. */
    private static final class Instance implements AutoCloseable {
        final ManualTicker ticker;
        final RecordingListener events = new RecordingListener();
        final SchedulerLock lock;
        final SnapshotService service;
        final SnapshotScheduler scheduler;

        Instance(MemoryStorageProvider storage, Instant start, String redisUrl) {
            ticker = new ManualTicker(start);
            lock = SchedulerLocks.create("redis", ProviderConfig.of(Map.of("url", redisUrl)));
            service = SnapshotService.builder().storage(new NonClosingStorage(storage)).compression(Compression.GZIP)
                    .database("main", new MapSource(Map.of("a", new byte[] {1, 2, 3}))).clock(ticker.clock()).build();
            scheduler = SnapshotScheduler.builder().service(service).ticker(ticker).listener(events)
                    .schedule("main", "* * * * *").lock(lock).build();
            scheduler.start();
        }

        @Override
        public void close() throws Exception {
            scheduler.close();
            service.close();
            ((AutoCloseable) lock).close();
        }
    }
}
