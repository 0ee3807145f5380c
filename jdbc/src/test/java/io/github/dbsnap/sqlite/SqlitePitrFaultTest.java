package io.github.dbsnap.sqlite;

import io.github.dbsnap.PitrLag;
import io.github.dbsnap.PitrWindow;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.SwitchableStorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23's faults: the storage unreachable for a while, and dbsnap stopped and started again. */
class SqlitePitrFaultTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("while the storage is unreachable segments queue on local disk, the lag grows and the writer never "
            + "blocks; once it is back everything is stored and the newest instant restores")
    void storageOutage() throws Exception {
        Path db = dir.resolve("main.db");
        SwitchableStorageProvider storage = new SwitchableStorageProvider(Clock.systemUTC());
        try (SnapshotService s = SqlitePitrTest.service(storage, db, dir.resolve("spool"), true);
             PitrWriter w = new PitrWriter(db)) {
            while (s.pitrWindows("main").isEmpty()) {
                Thread.onSpinWait();
            }
            storage.reachable(false);
            long before = w.transactions();
            PitrLag lag;
            do {
                Thread.sleep(20);
                lag = s.pitrLag("main").orElseThrow();
            } while (lag.behind().compareTo(Duration.ofSeconds(2)) < 0 || lag.queued() < 5);
            assertThat(lag.bytes()).isPositive();
            assertThat(w.transactions() - before).as("transactions written while the storage was down").isGreaterThan(200);
            storage.reachable(true);
            Map<Instant, String> digests = new LinkedHashMap<>();
            SqlitePitrTest.mark(s, w, db, digests);
            Instant at = digests.keySet().iterator().next();
            assertThat(s.pitrFlush("main", Duration.ofSeconds(60))).isTrue();
            assertThat(s.pitrLag("main").orElseThrow().queued()).isZero();
            w.close();
            s.restore("main", at);
            assertThat(PitrWriter.digest(db)).isEqualTo(digests.get(at));
            assertThat(s.pitrWindows("main")).hasSize(1);
        }
    }

    @Test
    @DisplayName("a spool past its bound is dropped and, once the storage is back, a new generation starts saying why")
    void spoolBound() throws Exception {
        Path db = dir.resolve("main.db");
        SwitchableStorageProvider storage = new SwitchableStorageProvider(Clock.systemUTC());
        PitrWriter.prepare(db);
        try (SnapshotService s = SnapshotService.builder().storage(storage).tempDir(dir).pitrSpool(dir.resolve("spool"))
                .prefix("backups/${iso_date()}").pitrMaxSpool(64 * 1024)
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + db, null,
                        Duration.ofSeconds(10)))).pitr("main", SqlitePitrTest.INTERVAL).build();
             PitrWriter w = new PitrWriter(db)) {
            while (s.pitrWindows("main").isEmpty()) {
                Thread.onSpinWait();
            }
            storage.reachable(false);
            long before = w.transactions();
            while (w.transactions() - before < 3000) {
                Thread.sleep(20);
            }
            assertThat(s.pitrLag("main").orElseThrow().bytes()).isPositive();
            storage.reachable(true);
            List<PitrWindow> windows;
            do {
                Thread.sleep(20);
                windows = s.pitrWindows("main");
            } while (windows.size() < 2);
            assertThat(windows.get(1).reason()).contains("spool").contains("bound");
            Map<Instant, String> digests = new LinkedHashMap<>();
            Instant at = SqlitePitrTest.mark(s, w, db, digests);
            assertThat(s.pitrFlush("main", Duration.ofSeconds(60))).isTrue();
            w.close();
            s.restore("main", at);
            assertThat(PitrWriter.digest(db)).isEqualTo(digests.get(at));
        }
    }

    @Test
    @DisplayName("dbsnap stopped and started again while the host keeps writing resumes without a gap, or starts a new "
            + "generation saying why; every recorded instant restores")
    void restartResumes() throws Exception {
        Path db = dir.resolve("main.db");
        SwitchableStorageProvider storage = new SwitchableStorageProvider(Clock.systemUTC());
        Map<Instant, String> digests = new LinkedHashMap<>();
        try (PitrWriter w = new PitrWriter(db)) {
            try (SnapshotService s = SqlitePitrTest.service(storage.memory(), db, dir.resolve("spool"), true)) {
                while (s.pitrWindows("main").isEmpty()) {
                    Thread.onSpinWait();
                }
                SqlitePitrTest.mark(s, w, db, digests);
            }
            try (SnapshotService s = SqlitePitrTest.service(storage.memory(), db, dir.resolve("spool"), true)) {
                SqlitePitrTest.mark(s, w, db, digests);
                assertThat(s.pitrFlush("main", Duration.ofSeconds(60))).isTrue();
            }
        }
        try (SnapshotService s = SqlitePitrTest.service(storage.memory(), db, dir.resolve("spool"), false)) {
            List<PitrWindow> windows = s.pitrWindows("main");
            assertThat(windows).isNotEmpty();
            // the host's own auto-checkpoint may reset the WAL while dbsnap is stopped: then, and only then, a new generation
            windows.stream().skip(1).forEach(w -> assertThat(w.reason()).contains("while dbsnap was not running"));
            for (Map.Entry<Instant, String> e : digests.entrySet()) {
                s.restore("main", e.getKey());
                assertThat(PitrWriter.digest(db)).isEqualTo(e.getValue());
            }
        }
    }
}
