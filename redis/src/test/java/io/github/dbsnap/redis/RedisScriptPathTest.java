package io.github.dbsnap.redis;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lua script path (standalone servers) against the per-key path: same snapshots, same restores. */
class RedisScriptPathTest {
    private static final int DB = 4;
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

    @BeforeEach
    void fill() {
        TestData.populate(server, DB);
    }

    private static DatabaseSource source(boolean scripts) {
        return new RedisSource(RedisSourceConfig.from(ProviderConfig.of(Map.of("url", server.url(DB), "batch-size", "7",
                "capture", "scan"))),
                scripts, StagingLease.DEFAULT_DURATION);
    }

    @Test
    @DisplayName("a snapshot taken per key and one taken with the script hold the same records and restore identically")
    void scriptAndPerKeySnapshotsAgree() throws Exception {
        RedisServer.State before = server.state(DB);
        Segmented perKey;
        Segmented scripted;
        try (DatabaseSource plain = source(false); DatabaseSource script = source(true)) {
            resetStats();
            perKey = Segmented.dump(plain);
            assertThat(scriptCalls()).isZero();
            scripted = Segmented.dump(script);
            assertThat(scriptCalls()).isPositive();
            assertThat(records(scripted)).containsExactlyInAnyOrderElementsOf(records(perKey)).hasSize((int) before.keys());
            // every combination: a layout 1 snapshot from either path restores through either path
            for (Segmented snapshot : List.of(perKey, scripted)) {
                for (DatabaseSource restorer : List.of(plain, script)) {
                    resetStats();
                    wipeAndRestore(restorer, snapshot);
                    assertThat(scriptCalls() > 0).isEqualTo(restorer == script);
                    assertThat(server.state(DB)).isEqualTo(before);
                }
            }
        }
    }

    @Test
    @DisplayName("keys that SCAN returned but that are gone by the script call are skipped, even after NOSCRIPT")
    void vanishedKeysWithTheScript() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(DB)) {
            c.sync().scriptFlush(); // the dumper did not load the script: EVALSHA fails, EVAL takes over
            c.sync().set(TestData.utf8("big"), new byte[3000]);
            c.sync().set(TestData.utf8("gone"), TestData.utf8("x"));
            c.sync().del(TestData.utf8("gone"));
            List<byte[]> keys = List.of(TestData.utf8("string"), TestData.utf8("gone"), TestData.utf8("big"),
                    TestData.BINARY_KEY, TestData.utf8("never-existed"), TestData.utf8("ttl-hour"));
            Segmented out = new Segmented();
            SegmentWriter segments = new SegmentWriter(out);
            // a byte limit of 1 makes each script call stop after one payload, so the page takes several calls
            Dumper d = new Dumper(c, 1000, 10_000, ServerInfo.of(c), true, 1, RedisSourceConfig.DEFAULT_MAX_PAYLOAD_SIZE);
            d.dumpKeys(keys, segments);
            segments.finish();
            assertThat(d.skipped()).isEqualTo(2);
            List<String> got = records(out);
            assertThat(got).hasSize(4);
            assertThat(got.get(0)).startsWith(hex(TestData.utf8("string")) + " -1 ");
            assertThat(got.get(1)).startsWith(hex(TestData.utf8("big")) + " -1 ");
            assertThat(got.get(2)).startsWith(hex(TestData.BINARY_KEY) + " " + c.sync().pexpiretime(TestData.BINARY_KEY) + " ");
            assertThat(got.get(3)).startsWith(hex(TestData.utf8("ttl-hour")) + " "
                    + c.sync().pexpiretime(TestData.utf8("ttl-hour")) + " ");
        }
    }

    @Test
    @DisplayName("a server that refuses scripts is dumped and restored one command per key")
    void serverWithoutScripts(@TempDir Path own) throws Exception {
        try (RedisServer noScripts = RedisServer.start(own, "--rename-command", "EVALSHA", "")) {
            TestData.populate(noScripts, 0);
            RedisServer.State before = noScripts.state(0);
            try (DatabaseSource s = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", noScripts.url(0))))) {
                Segmented snapshot = Segmented.dump(s);
                try (StatefulRedisConnection<String, String> c = noScripts.connect(0)) {
                    c.sync().flushall();
                }
                try (StagedRestore staged = s.stage(snapshot.reader())) {
                    staged.commit();
                }
            }
            assertThat(noScripts.state(0)).isEqualTo(before);
        }
    }

    private static void resetStats() {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().configResetstat();
        }
    }

    /** @return EVALSHA plus EVAL calls since the last {@link #resetStats()} (the probe in SCRIPT LOAD's check included) */
    private static long scriptCalls() {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            long n = 0;
            for (String line : c.sync().info("commandstats").split("\\r?\\n")) {
                if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                    n += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*$", "$1"));
                }
            }
            return n;
        }
    }

    private static void wipeAndRestore(DatabaseSource source, Segmented snapshot) throws IOException {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().flushall();
            c.sync().set("not-in-the-snapshot", "x");
        }
        try (StagedRestore staged = source.stage(snapshot.reader())) {
            staged.commit();
        }
    }

    /** @return each record as "key-hex expire-at payload-hex", in snapshot order */
    private static List<String> records(Segmented s) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : s.entries.entrySet()) {
            RecordFormat.Reader r = new RecordFormat.Reader(new ByteArrayInputStream(e.getValue()), e.getKey(),
                    RecordFormat.MAX_LENGTH);
            for (KeyRecord k = r.next(); k != null; k = r.next()) {
                out.add(hex(k.key()) + " " + k.expireAt() + " " + hex(k.payload()));
            }
        }
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
