package io.github.dbsnap.sqlite;

import io.github.dbsnap.PitrWindow;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.spi.StoredObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 23: continuous WAL shipping and restore to an instant, with a real writer. */
class SqlitePitrTest {
    /** The issue asks for a minute of writing; 12 s (with several checkpoints and WAL restarts) keeps the suite fast. */
    static final Duration WRITING = Duration.ofSeconds(12);
    static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    static SnapshotService service(StorageProvider storage, Path db, Path spool, boolean pitr) throws Exception {
        PitrWriter.prepare(db);
        var b = SnapshotService.builder().storage(new NonClosingStorage(storage)).tempDir(spool.getParent())
                .pitrSpool(spool).prefix("backups/${iso_date()}")
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + db, null,
                        Duration.ofSeconds(10))));
        return (pitr ? b.pitr("main", INTERVAL) : b).build();
    }

    /** Pauses the writer, waits until dbsnap has read the log past the pause, and records the digest at an instant. */
    static Instant mark(SnapshotService s, PitrWriter w, Path db, Map<Instant, String> digests) throws Exception {
        w.pause();
        try {
            Instant paused = Instant.now();
            String digest = PitrWriter.digest(db);
            while (!s.pitrLag("main").orElseThrow().recoveryPoint().isAfter(paused)) {
                Thread.onSpinWait();
            }
            Instant at = Instant.now();
            digests.put(at, digest);
            return at;
        } finally {
            w.resume();
        }
    }

    static Map<Instant, String> writeAndMark(SnapshotService s, Path db, Duration writing) throws Exception {
        Map<Instant, String> digests = new LinkedHashMap<>();
        try (PitrWriter w = new PitrWriter(db)) {
            while (s.pitrWindows("main").isEmpty()) {
                Thread.onSpinWait();
            }
            long end = System.nanoTime() + writing.toNanos();
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= next) {
                    mark(s, w, db, digests);
                    next = System.nanoTime() + writing.toNanos() / 8;
                }
                Thread.sleep(5);
            }
            assertThat(w.transactions()).as("transactions written").isGreaterThan(writing.toSeconds() * 100);
        }
        return digests;
    }

    @Test
    @DisplayName("restoring to each recorded instant of a busy database gives exactly the digest it had then")
    void restoresEveryInstant() throws Exception {
        Path db = dir.resolve("main.db");
        MemoryStorageProvider storage = new MemoryStorageProvider();
        try (SnapshotService s = service(storage, db, dir.resolve("spool"), true)) {
            Map<Instant, String> digests = writeAndMark(s, db, WRITING);
            assertThat(digests).hasSizeGreaterThanOrEqualTo(6);
            List<PitrWindow> windows = s.pitrWindows("main");
            assertThat(windows).hasSize(1);
            assertThat(storage.list("backups/main/pitr/").stream().filter(o -> o.key().contains("-0000000001-")).count())
                    .as("segments starting a restarted WAL (dbsnap's own checkpoints)").isGreaterThan(1);
            for (Map.Entry<Instant, String> e : digests.entrySet()) {
                s.restore("main", e.getKey());
                assertThat(PitrWriter.digest(db)).as("digest at " + e.getKey()).isEqualTo(e.getValue());
                assertThat(SqliteFixture.integrity(db)).isEqualTo("ok");
            }
        }
    }

    @Test
    @DisplayName("a missing or tampered segment makes a restore after it fail naming the gap, the live database unchanged, "
            + "while an instant before it still restores")
    void gapRefusedEarlierInstantRestores() throws Exception {
        Path db = dir.resolve("main.db");
        MemoryStorageProvider storage = new MemoryStorageProvider();
        try (SnapshotService s = service(storage, db, dir.resolve("spool"), true)) {
            Map<Instant, String> digests = writeAndMark(s, db, Duration.ofSeconds(4));
            assertThat(s.pitrFlush("main", Duration.ofSeconds(30))).isTrue();
            List<Instant> instants = new ArrayList<>(digests.keySet());
            Instant early = instants.get(1);
            Instant late = instants.get(instants.size() - 1);
            List<StoredObject> segments = new ArrayList<>(storage.list("backups/main/pitr/").stream()
                    .filter(o -> o.key().endsWith(".wal.zst")).sorted(Comparator.comparing(StoredObject::key)).toList());
            // the second segment after the early instant: a segment read after the early instant lies between them,
            // so the early instant is before the gap (a missing segment's own time is unknown)
            StoredObject victim = segments.stream().filter(o -> segmentTime(o).isAfter(early)).skip(1).findFirst().orElseThrow();
            String liveBefore = PitrWriter.digest(db);

            byte[] original = storage.read(victim.key()).readAllBytes();
            byte[] tampered = original.clone();
            tampered[tampered.length / 2] ^= 1;
            storage.delete(victim.key());
            storage.write(victim.key(), new java.io.ByteArrayInputStream(tampered));
            assertThatThrownBy(() -> s.restore("main", late)).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining(victim.key());
            assertThat(PitrWriter.digest(db)).isEqualTo(liveBefore);

            storage.delete(victim.key());
            assertThatThrownBy(() -> s.restore("main", late)).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("gap").hasMessageContaining("is missing");
            assertThat(PitrWriter.digest(db)).isEqualTo(liveBefore);

            s.restore("main", early);
            assertThat(PitrWriter.digest(db)).isEqualTo(digests.get(early));
        }
    }

    static Instant segmentTime(StoredObject o) {
        String name = o.key().substring(o.key().lastIndexOf('/') + 1);
        return java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .parse(name.substring(22, 42), Instant::from);
    }
}
