package io.github.dbsnap.redis;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer moves amounts between 100 counters with MULTI/EXEC (their sum never changes) while snapshots
 * are taken: every snapshot with capture=replication restores with exactly that sum, because it is the
 * server's fork. With capture=scan the counters are read at different moments, so a snapshot may hold a
 * sum that never existed; the test logs how many did (it varies from run to run).
 */
class RedisPointInTimeTest {
    private static final Logger log = LoggerFactory.getLogger(RedisPointInTimeTest.class);
    private static final int DB = 1;
    private static final int COUNTERS = 100;
    private static final int SNAPSHOTS = 5;
    @TempDir
    static Path dir;
    private static RedisServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @DisplayName("every replication snapshot taken under MULTI/EXEC transfers restores with the invariant sum; scan may not")
    void replicationIsPointInTime() throws Exception {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().flushall();
            for (int i = 0; i < COUNTERS; i++) {
                c.sync().set("acct:" + i, "1000");
            }
            for (int i = 0; i < 20_000; i++) {
                c.sync().set("filler:" + i, "x".repeat(50)); // makes a scan last long enough to interleave
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        Thread writer = new Thread(() -> transfer(stop, transfers), "transfers");
        writer.start();
        List<Long> replication = new ArrayList<>();
        List<Long> scan = new ArrayList<>();
        try {
            waitForTransfers(transfers, 100);
            for (int i = 0; i < SNAPSHOTS; i++) {
                replication.add(snapshotSum("replication", transfers));
                scan.add(snapshotSum("scan", transfers));
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        log.info("{} transfers; restored sum minus the invariant: replication snapshots {}, scan snapshots {}",
                transfers.get(), replication, scan);
        assertThat(replication).hasSize(SNAPSHOTS).containsOnly(0L);
        assertThat(scan).hasSize(SNAPSHOTS); // any value: a scan is not point-in-time
    }

    /**
     * Takes a snapshot while transfers run, restores it into the live database and sums the counters.
     *
     * @return the restored sum minus the sum before the snapshot (which the transfers keep; a scan
     *         snapshot restored earlier may have changed it)
     */
    private static long snapshotSum(String capture, AtomicLong transfers) throws Exception {
        long expected = sum();
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", server.url(DB),
                "capture", capture, "batch-size", "50")))) {
            long before = transfers.get();
            Segmented dump = Segmented.capture(source);
            assertThat(dump.metadata).containsEntry("capture", capture);
            waitForTransfers(transfers, before + 50); // the live data moved on after the snapshot
            try (StagedRestore staged = source.stage(dump.reader())) {
                staged.commit();
            }
            return sum() - expected;
        }
    }

    /** @return the sum of the counters, read in one MULTI/EXEC (so between two transfers) */
    private static long sum() {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            RedisCommands<String, String> s = c.sync();
            s.multi();
            for (int i = 0; i < COUNTERS; i++) {
                s.get("acct:" + i);
            }
            long sum = 0;
            for (Object v : s.exec()) {
                sum += Long.parseLong((String) v);
            }
            return sum;
        }
    }

    private static void waitForTransfers(AtomicLong transfers, long atLeast) throws InterruptedException {
        while (transfers.get() < atLeast) {
            Thread.sleep(5);
        }
    }

    private static void transfer(AtomicBoolean stop, AtomicLong transfers) {
        Random random = new Random(1);
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            RedisCommands<String, String> s = c.sync();
            while (!stop.get()) {
                String from = "acct:" + random.nextInt(COUNTERS);
                String to = "acct:" + random.nextInt(COUNTERS);
                long amount = 1 + random.nextInt(50);
                s.multi();
                s.decrby(from, amount);
                s.incrby(to, amount);
                s.exec();
                transfers.incrementAndGet();
            }
        }
    }
}
