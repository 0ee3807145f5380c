package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots through the replication protocol against real redis-servers: both RDB framings, the
 * archive entry is an RDB that redis-check-rdb accepts, only the URL's database is restored, a corrupt
 * or truncated RDB is refused before live data is touched, and capture=auto falls back to scan on a
 * server that refuses SYNC/PSYNC while capture=replication fails there.
 */
class RedisReplicationTest {
    private static final int DB = 3;
    @TempDir
    static Path dir;
    private static RedisServer diskless;
    private static RedisServer disk;

    @BeforeAll
    static void start() throws Exception {
        diskless = RedisServer.start(dir);
        disk = RedisServer.start(dir, "--repl-diskless-sync", "no");
    }

    @AfterAll
    static void stop() throws Exception {
        diskless.close();
        disk.close();
    }

    private static DatabaseSource source(RedisServer server, String... settings) {
        Map<String, String> m = new HashMap<>(Map.of("url", server.url(DB)));
        for (int i = 0; i < settings.length; i += 2) {
            m.put(settings[i], settings[i + 1]);
        }
        return new RedisSourceFactory().create(ProviderConfig.of(m));
    }

    /** TestData in database 3, other keys in database 5. */
    private static void populate(RedisServer server) {
        TestData.populate(server, DB);
        try (StatefulRedisConnection<String, String> c = server.connect(5)) {
            c.sync().set("other-db", "not part of a snapshot of /3");
        }
    }

    @Test
    @DisplayName("diskless and disk-based syncs give one redis/dump.rdb that redis-check-rdb accepts and that restores exactly")
    void bothFramingsRoundTrip() throws Exception {
        for (RedisServer server : new RedisServer[] {diskless, disk}) {
            populate(server);
            RedisServer.State before = server.state(DB);
            try (DatabaseSource source = source(server)) {
                Segmented dump = Segmented.capture(source);
                assertThat(dump.metadata).containsEntry("capture", "replication").containsEntry("rdb_version", "10")
                        .containsEntry("rdb_databases", "3,5").containsEntry("source_db", "3")
                        .containsEntry("layout_version", "2");
                assertThat(dump.entries).containsOnlyKeys("redis/dump.rdb");
                assertThat(dump.result.counts()).containsEntry("keys", before.keys()).containsEntry("rdb_keys.db5", 1L);
                Path rdb = dir.resolve("check-" + server.port() + ".rdb");
                Files.write(rdb, dump.entries.get("redis/dump.rdb"));
                Process check = new ProcessBuilder("redis-check-rdb", rdb.toString()).redirectErrorStream(true).start();
                String out = new String(check.getInputStream().readAllBytes());
                assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(check.exitValue()).as(out).isZero();

                try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
                    c.sync().flushdb();
                    c.sync().set("after", "the snapshot");
                }
                try (StatefulRedisConnection<String, String> c = server.connect(5)) {
                    c.sync().set("other-db", "changed later");
                }
                try (StagedRestore staged = source.stage(dump.reader())) {
                    staged.commit();
                }
                assertThat(server.state(DB).keys()).isEqualTo(before.keys());
                assertThat(server.state(DB).expiries()).isEqualTo(before.expiries());
                try (StatefulRedisConnection<String, String> c = server.connect(5)) {
                    assertThat(c.sync().get("other-db")).isEqualTo("changed later"); // only db 3 was restored
                }
            }
        }
    }

    @Test
    @DisplayName("an RDB entry with a flipped byte or cut short is refused while staging; live data unchanged")
    void corruptRdbRefused() throws Exception {
        populate(diskless);
        try (DatabaseSource source = source(diskless)) {
            Segmented dump = Segmented.capture(source);
            byte[] good = dump.entries.get("redis/dump.rdb");
            try (StatefulRedisConnection<String, String> c = diskless.connect(DB)) {
                c.sync().set("changed-after-dump", "1");
            }
            RedisServer.State live = diskless.state(DB);

            byte[] flipped = good.clone();
            flipped[flipped.length / 2] ^= 0x01;
            dump.entries.put("redis/dump.rdb", flipped);
            assertThatThrownBy(() -> source.stage(dump.reader()).close()).hasMessageContaining("CRC-64");
            assertThat(diskless.state(DB)).isEqualTo(live);

            dump.entries.put("redis/dump.rdb", Arrays.copyOf(good, good.length - 20));
            assertThatThrownBy(() -> source.stage(dump.reader()).close()).hasMessageContaining("truncated");
            assertThat(diskless.state(DB)).isEqualTo(live);
        }
    }

    @Test
    @DisplayName("an RDB of a version dbsnap does not know is refused with a clear error")
    void unknownVersionRefused() {
        byte[] rdb = "REDIS0012\u00ff".getBytes();
        assertThatThrownBy(() -> new RdbReader(new ByteArrayInputStream(rdb), "x.rdb", 1 << 20).read(-1, null))
                .isInstanceOf(IOException.class).hasMessageContaining("version 12");
        assertThatThrownBy(() -> RdbReader.checkVersion(12, "redis://h:1")).isInstanceOf(DatabaseSourceException.class)
                .hasMessageContaining("RDB of version 12").hasMessageContaining("capture=scan");
    }

    @Test
    @DisplayName("a server that refuses SYNC and PSYNC: auto falls back to scan and says so, replication fails with one clear error")
    void refusedSync() throws Exception {
        try (RedisServer renamed = RedisServer.start(dir, "--rename-command", "SYNC", "", "--rename-command", "PSYNC", "")) {
            populate(renamed);
            RedisServer.State before = renamed.state(DB);
            try (DatabaseSource source = source(renamed)) {
                Segmented dump = Segmented.capture(source);
                assertThat(dump.metadata).containsEntry("capture", "scan").containsEntry("layout_version", "1");
                assertThat(dump.entries.keySet()).allMatch(n -> n.startsWith("redis/keys-"));
                try (StatefulRedisConnection<String, String> c = renamed.connect(DB)) {
                    c.sync().flushdb();
                }
                try (StagedRestore staged = source.stage(dump.reader())) {
                    staged.commit();
                }
                assertThat(renamed.state(DB)).isEqualTo(before);
            }
            try (DatabaseSource source = source(renamed, "capture", "replication")) {
                assertThatThrownBy(source::metadata).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("refuses to sync a replica").hasMessageContaining("capture=scan");
            }
        }
    }

    @Test
    @DisplayName("an ACL user without +psync/+sync falls back to scan in auto mode; its password never shows in errors")
    void aclUserWithoutSync() throws Exception {
        populate(diskless);
        try (StatefulRedisConnection<String, String> c = diskless.connect(0)) {
            c.sync().dispatch(io.lettuce.core.protocol.CommandType.ACL, new io.lettuce.core.output.StatusOutput<>(
                    io.lettuce.core.codec.StringCodec.UTF8), new io.lettuce.core.protocol.CommandArgs<>(
                    io.lettuce.core.codec.StringCodec.UTF8).add("SETUSER").add("nosync").add("on").add(">s3cret-pw")
                    .add("~*").add("&*").add("+@all").add("-sync").add("-psync"));
        }
        String url = "redis://nosync:s3cret-pw@127.0.0.1:" + diskless.port() + "/" + DB;
        try (DatabaseSource auto = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", url)))) {
            assertThat(auto.metadata()).containsEntry("capture", "scan");
            Segmented.dump(auto);
        }
        try (DatabaseSource explicit = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", url,
                "capture", "replication")))) {
            assertThatThrownBy(explicit::metadata).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("refuses to sync a replica").hasMessageNotContaining("s3cret-pw");
        }
    }
}
