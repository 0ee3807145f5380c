package io.github.dbsnap;

import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private MemoryStorageProvider storage;
    private MapSource main;
    private SnapshotService service;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        storage = new MemoryStorageProvider(clock);
        main = new MapSource(Map.of("a.bin", bytes("alpha"), "dir/b.bin", bytes("beta"), "open/c.bin", bytes("gamma")));
        service = SnapshotService.builder().storage(storage).database("main", main).clock(clock).hostname("h1")
                .listener(new SnapshotListener() {
                    @Override
                    public void onCreated(SnapshotInfo s) {
                        events.add("created " + s.database());
                    }

                    @Override
                    public void onRestored(RestoreResult r) {
                        events.add("restored " + r.database());
                    }

                    @Override
                    public void onFailure(String database, Operation op, DbsnapException e) {
                        events.add("failed " + op + " " + database);
                    }
                }).build();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the key follows the default template with the creation instant in milliseconds")
    void keyFollowsDefaultTemplate() {
        SnapshotInfo s = service.create("main");
        assertThat(s.key()).isEqualTo("altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/main.tar.zst");
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(s.encrypted()).isFalse();
        assertThat(events).containsExactly("created main");
    }

    @Test
    @DisplayName("create, change, restore gives back every entry, including those of unknown size")
    void roundTrip() {
        Map<String, byte[]> before = main.data();
        SnapshotInfo s = service.create("main");
        main.set(Map.of("other", bytes("x")));
        RestoreResult r = service.restore("/" + s.key());
        assertThat(main.data()).containsOnlyKeys(before.keySet());
        before.forEach((k, v) -> assertThat(main.data().get(k)).isEqualTo(v));
        assertThat(r.counts()).containsEntry("entries", 3L);
        assertThat(events).containsExactly("created main", "restored main");
    }

    @Test
    @DisplayName("gzip snapshots get the .tar.gz extension and restore")
    void gzipRoundTrip() {
        try (SnapshotService gz = SnapshotService.builder().storage(storage).database("main", main).clock(clock)
                .compression(Compression.GZIP).compressionLevel(9).build()) {
            SnapshotInfo s = gz.create("main");
            assertThat(s.key()).endsWith("/main.tar.gz");
            assertThat(gz.verify(s.key()).entries()).hasSize(3);
        }
    }

    @Test
    @DisplayName("list returns only that database's snapshots, newest first")
    void listNewestFirst() {
        service.create("main");
        clock.set(Instant.parse("2026-11-27T00:00:00Z"));
        service.create("main");
        storage.put("altcha-sentinel-backups/db/2026-11-28T00:00:00.000Z/redis.tar.zst", bytes("x"));
        storage.put("altcha-sentinel-backups/db/not-a-date/main.tar.zst", bytes("x"));
        List<SnapshotInfo> list = service.list("main");
        assertThat(list).extracting(SnapshotInfo::createdAt)
                .containsExactly(Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(service.latest("main")).get().extracting(SnapshotInfo::createdAt)
                .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    }

    @Test
    @DisplayName("a template with ${database} and ${hostname} expands and lists")
    void templateVariables() {
        try (SnapshotService s = SnapshotService.builder().storage(storage).database("main", main).clock(clock)
                .hostname("web-1").prefix("backups/${hostname}/${database}/${iso_date()}").build()) {
            SnapshotInfo info = s.create("main");
            assertThat(info.key()).isEqualTo("backups/web-1/main/2026-11-26T00:00:00.000Z/main.tar.zst");
            assertThat(s.list("main")).hasSize(1);
        }
    }

    @Test
    @DisplayName("an unknown template variable is a configuration error")
    void unknownTemplateVariable() {
        assertThatThrownBy(() -> SnapshotService.builder().storage(storage).prefix("x/${nope}").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("${nope}");
    }

    @Test
    @DisplayName("a second snapshot in the same millisecond takes the next millisecond's key, never overwriting the first")
    void sameMillisecondTakesNextKey() {
        SnapshotInfo first = service.create("main");
        byte[] stored = storage.bytes(first.key());
        SnapshotInfo second = service.create("main");
        assertThat(second.key()).isNotEqualTo(first.key());
        assertThat(second.createdAt()).isEqualTo(first.createdAt().plusMillis(1));
        assertThat(storage.bytes(first.key())).isEqualTo(stored);
        assertThat(service.list("main")).extracting(SnapshotInfo::key).containsExactly(second.key(), first.key());
    }

    @Test
    @DisplayName("with a template without ${iso_date()}, a second snapshot is refused, never overwriting the first")
    void undatedKeyRefused() {
        try (SnapshotService s = SnapshotService.builder().storage(new io.github.dbsnap.testing.NonClosingStorage(storage))
                .database("main", new MapSource(Map.of("a", new byte[] {1}))).prefix("fixed").build()) {
            SnapshotInfo first = s.create("main");
            byte[] stored = storage.bytes(first.key());
            assertThatThrownBy(() -> s.create("main")).isInstanceOf(SnapshotExistsException.class);
            assertThat(storage.bytes(first.key())).isEqualTo(stored);
        }
    }

    @Test
    @DisplayName("a source failing part-way leaves no object in storage and reports the source's error")
    void failingSourceStoresNothing() {
        main.failDumpWith(new DatabaseSourceException("disk on fire"));
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(DatabaseSourceException.class)
                .hasMessage("disk on fire");
        assertThat(storage.list("")).isEmpty();
        assertThat(events).containsExactly("failed CREATE main");
    }

    @Test
    @DisplayName("an unknown database names the configured ones")
    void unknownDatabase() {
        assertThatThrownBy(() -> service.create("nope")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("configured: main");
    }

    @Test
    @DisplayName("restoring a missing snapshot throws SnapshotNotFoundException and changes nothing")
    void missingSnapshot() {
        Map<String, byte[]> before = main.data();
        assertThatThrownBy(() -> service.restore("altcha-sentinel-backups/db/x/main.tar.zst"))
                .isInstanceOf(SnapshotNotFoundException.class);
        assertThat(main.data()).containsOnlyKeys(before.keySet());
    }

    @Test
    @DisplayName("restore URIs that escape the storage or are not snapshot names are refused")
    void badUris() {
        assertThatThrownBy(() -> service.restore("../../etc/main.tar.zst")).isInstanceOf(InvalidStorageKeyException.class);
        assertThatThrownBy(() -> service.restore("s3://bucket/main.tar.zst")).isInstanceOf(InvalidStorageKeyException.class)
                .hasMessageContaining("not in the configured storage");
        assertThatThrownBy(() -> service.restore("x/readme.txt")).isInstanceOf(InvalidStorageKeyException.class);
    }

    @Test
    @DisplayName("a failing commit leaves live data unchanged and reports the failure")
    void failingCommit() {
        main.set(Map.of("fail-commit", bytes("1")));
        SnapshotInfo s = service.create("main");
        main.set(Map.of("live", bytes("2")));
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DatabaseSourceException.class);
        assertThat(main.data()).containsOnlyKeys("live");
        assertThat(main.commits()).isZero();
    }

    @Test
    @DisplayName("a snapshot restores only into a database of the same source kind")
    void kindMismatch() {
        SnapshotInfo s = service.create("main");
        try (SnapshotService two = SnapshotService.builder().storage(new io.github.dbsnap.testing.NonClosingStorage(storage))
                .database("main", new KindSource("other")).build()) {
            assertThatThrownBy(() -> two.restore(s.key())).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'map' source");
        }
    }

    @Test
    @DisplayName("delete removes a snapshot from the listing")
    void delete() {
        SnapshotInfo s = service.create("main");
        service.delete(s.uri().toString());
        assertThat(service.list("main")).isEmpty();
    }

    @Test
    @DisplayName("a closed service refuses work and closing twice is fine")
    void closeTwice() {
        service.close();
        service.close();
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(IllegalStateException.class);
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant i) {
            now = i;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A source of another kind that refuses to be used. */
    private static final class KindSource implements io.github.dbsnap.spi.DatabaseSource {
        private final String kind;

        KindSource(String kind) {
            this.kind = kind;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public io.github.dbsnap.spi.DumpResult dump(io.github.dbsnap.spi.EntryWriter out) {
            throw new AssertionError("not used");
        }

        @Override
        public io.github.dbsnap.spi.StagedRestore stage(io.github.dbsnap.spi.EntryReader in) {
            throw new AssertionError("must not stage a snapshot of another kind");
        }

        @Override
        public void close() {
        }
    }
}
