package io.github.dbsnap.reliability;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Many creates and restores at once, on one service and from two services sharing one storage. */
@Timeout(60)
class ConcurrentSnapshotsTest {
    /** Every create sees the same millisecond: the worst case for key clashes. */
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    private static Map<String, byte[]> data(String tag) {
        return Map.of("a.bin", ("alpha " + tag).getBytes(StandardCharsets.UTF_8), "b.bin", new byte[70_000]);
    }

    /** A MapSource that counts overlapping restores. */
    private static final class Watched extends ForwardingSource {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();

        Watched(MapSource d) {
            super(d);
        }

        @Override
        public StagedRestore stage(EntryReader in) throws IOException {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(2); // widen the window in which an unserialised restore would overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StagedRestore staged = super.stage(in);
            return new StagedRestore() {
                @Override
                public void commit() {
                    staged.commit();
                }

                @Override
                public void close() {
                    staged.close();
                    active.decrementAndGet();
                }
            };
        }
    }

    private static <T> List<T> runAll(int threads, List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return t.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(50, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("32 creates in one millisecond on one service all succeed with distinct, intact snapshots and 32 events")
    void concurrentCreatesGetDistinctKeys() throws Exception {
        MemoryStorageProvider storage = new MemoryStorageProvider(FROZEN);
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        try (SnapshotService service = SnapshotService.builder().storage(storage).clock(FROZEN).zstdWorkers(0)
                .database("main", new MapSource(data("main"))).listener(new SnapshotListener() {
                    @Override
                    public void onCreated(SnapshotInfo s) {
                        created.add(s.key());
                    }

                    @Override
                    public void onFailure(String db, io.github.dbsnap.Operation op, io.github.dbsnap.DbsnapException e) {
                        failures.incrementAndGet();
                    }
                }).build()) {
            List<Callable<SnapshotInfo>> tasks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                tasks.add(() -> service.create("main"));
            }
            List<SnapshotInfo> infos = runAll(8, tasks);
            Set<String> keys = new HashSet<>();
            infos.forEach(s -> keys.add(s.key()));
            assertThat(keys).hasSize(32).isEqualTo(created);
            assertThat(failures).hasValue(0);
            assertThat(service.list("main")).hasSize(32);
            for (SnapshotInfo s : infos) {
                assertThat(s.key()).matches("altcha-sentinel-backups/db/2026-11-26T00:00:00\\.\\d{3}Z/main\\.tar\\.zst");
                assertThat(service.verify(s.key()).entries()).hasSize(2);
            }
        }
    }

    @Test
    @DisplayName("two services (two processes) sharing one storage and one millisecond never clash or overwrite")
    void twoWritersOnOneStorage() throws Exception {
        MemoryStorageProvider storage = new MemoryStorageProvider(FROZEN);
        RacingStorage racing = new RacingStorage(storage, 6);
        try (SnapshotService a = SnapshotService.builder().storage(new NonClosingStorage(racing)).clock(FROZEN)
                .database("main", new MapSource(data("A"))).build();
             SnapshotService b = SnapshotService.builder().storage(new NonClosingStorage(racing)).clock(FROZEN)
                     .database("main", new MapSource(data("B"))).build()) {
            List<Callable<SnapshotInfo>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SnapshotService s = i % 2 == 0 ? a : b;
                tasks.add(() -> s.create("main"));
            }
            List<SnapshotInfo> infos = runAll(6, tasks);
            assertThat(infos.stream().map(SnapshotInfo::key).distinct()).hasSize(6);
            assertThat(racing.clashes()).as("the race between the two writers really happened").isPositive();
            for (SnapshotInfo s : infos) {
                a.verify(s.key());
            }
            assertThat(a.list("main")).hasSize(6);
        }
    }

    @Test
    @DisplayName("many restores and creates at once: restores of one database never overlap, every event arrives")
    void restoresAreSerialised() throws Exception {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        Watched main = new Watched(new MapSource(data("main")));
        Watched other = new Watched(new MapSource(data("other")));
        AtomicInteger restored = new AtomicInteger();
        AtomicInteger createdEvents = new AtomicInteger();
        try (SnapshotService service = SnapshotService.builder().storage(storage).zstdWorkers(0)
                .database("main", main).database("other", other).listener(new SnapshotListener() {
                    @Override
                    public void onRestored(RestoreResult r) {
                        restored.incrementAndGet();
                    }

                    @Override
                    public void onCreated(SnapshotInfo s) {
                        createdEvents.incrementAndGet();
                    }
                }).build()) {
            SnapshotInfo m = service.create("main");
            SnapshotInfo o = service.create("other");
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                tasks.add(() -> switch (n % 3) {
                    case 0 -> service.restore(m.key());
                    case 1 -> service.restore(o.key());
                    default -> service.create(n % 2 == 0 ? "main" : "other");
                });
            }
            runAll(8, tasks);
            assertThat(main.maxActive).hasValue(1);
            assertThat(other.maxActive).hasValue(1);
            assertThat(restored).hasValue(16);
            assertThat(createdEvents).hasValue(2 + 8);
            assertThat(service.list("main").size() + service.list("other").size()).isEqualTo(10);
        }
    }
}
