package io.github.dbsnap.examples;

import io.github.dbsnap.redis.RedisServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code create --database redis}, FLUSHALL, {@code restore}: the same DEBUG DIGEST and TTLs, through the CLI. */
class RedisCliTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("create --database redis, FLUSHALL, restore gives back the same DEBUG DIGEST and TTLs")
    void createFlushRestore() throws Exception {
        DemoCommand.SampleDatabase.create(dir.resolve("main.db"), 10);
        try (RedisServer redis = RedisServer.start(dir);
             StatefulRedisConnection<String, String> c = redis.connect(0)) {
            RedisCommands<String, String> r = c.sync();
            for (int i = 0; i < 500; i++) {
                r.set("rate:" + i, String.valueOf(i));
                r.hset("user:" + (i % 50), "field" + i, "värde " + i);
            }
            r.expire("rate:1", 3600);
            r.rpush("queue", "a", "b", "c");
            r.zadd("board", 1.5, "ada");
            r.pfadd("visitors", "x", "y", "z");
            r.xadd("events", Map.of("k", "v"));
            String digest = redis.state(0).digest();
            long ttl = r.ttl("rate:1");

            Map<String, String> env = env(redis);
            CliRun.Result created = CliRun.cli(env, "create", "--database", "redis");
            assertThat(created.code()).as(created.err()).isZero();
            String uri = created.out().strip();
            assertThat(uri).endsWith("/redis.tar.zst");

            r.flushall();
            assertThat(r.dbsize()).isZero();
            CliRun.Result restored = CliRun.cli(env, "restore", uri);
            assertThat(restored.code()).as(restored.err()).isZero();
            assertThat(redis.state(0).digest()).isEqualTo(digest);
            assertThat(r.ttl("rate:1")).isBetween(ttl - 2, ttl);
        }
    }

    private Map<String, String> env(RedisServer redis) {
        Map<String, String> env = new HashMap<>();
        env.put("SNAPSHOTS_MAIN_URL", "jdbc:sqlite:" + dir.resolve("main.db"));
        env.put("SNAPSHOTS_STORAGE_LOCAL_DIR", dir.resolve("snaps").toString());
        env.put("REDIS_URL", redis.url(0));
        return env;
    }

    @Test
    @DisplayName("create --json says which capture mode ran; the archive's redis/dump.rdb passes redis-check-rdb after zstd -d | tar x")
    void captureModeInJsonAndPlainRdb() throws Exception {
        DemoCommand.SampleDatabase.create(dir.resolve("main.db"), 10);
        try (RedisServer redis = RedisServer.start(dir);
             StatefulRedisConnection<String, String> c = redis.connect(0)) {
            c.sync().set("k", "v");
            Map<String, String> env = env(redis);
            CliRun.Result created = CliRun.cli(env, "create", "--database", "redis", "--json", "--prefix", "rdb");
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.out()).containsPattern("\"capture\"\\s*:\\s*\"replication\"")
                    .containsPattern("\"rdb_version\"\\s*:\\s*\"10\"");

            Path out = dir.resolve("extracted");
            java.nio.file.Files.createDirectories(out);
            Process tar = new ProcessBuilder("sh", "-c", "zstd -dc \"$0\" | tar x -C \"$1\" && redis-check-rdb \"$1/redis/dump.rdb\"",
                    dir.resolve("snaps/rdb/redis.tar.zst").toString(), out.toString()).redirectErrorStream(true).start();
            String log = new String(tar.getInputStream().readAllBytes());
            assertThat(tar.waitFor()).as(log).isZero();

            env.put("SNAPSHOTS_REDIS_CAPTURE", "scan");
            CliRun.Result scanned = CliRun.cli(env, "create", "--database", "redis", "--json", "--prefix", "scan");
            assertThat(scanned.code()).as(scanned.err()).isZero();
            assertThat(scanned.out()).containsPattern("\"capture\"\\s*:\\s*\"scan\"");
        }
    }
}
