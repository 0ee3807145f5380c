package io.github.dbsnap.redis;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manual throughput check, not part of the default suite:
 * {@code mvn -B -pl redis -am verify -Ddbsnap.redis.throughput=1000000 -Dtest=RedisThroughputCheck -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Ddbsnap.redis.batch=100} for another batch size). Logs the server time per
 * command from {@code INFO commandstats}: for a script call, how long it blocked the server.
 */
@EnabledIfSystemProperty(named = "dbsnap.redis.throughput", matches = "\\d+")
class RedisThroughputCheck {
    private static final Logger log = LoggerFactory.getLogger(RedisThroughputCheck.class);
    @TempDir
    Path dir;

    @Test
    void snapshotAndRestoreManyKeys() throws Exception {
        int keys = Integer.parseInt(System.getProperty("dbsnap.redis.throughput"));
        try (RedisServer server = RedisServer.start(dir);
             StatefulRedisConnection<String, String> c = server.connect(0)) {
            c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(keys));
            for (int i = 0; i < keys; i += 10) {
                c.async().pexpire("key:" + i, 3_600_000L + i);
            }
            String before = digest(c);
            c.sync().configResetstat();
            try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                    .database("redis", new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", server.url(0),
                            "batch-size", System.getProperty("dbsnap.redis.batch", "1000")))))
                    .build()) {
                long t0 = System.nanoTime();
                SnapshotInfo info = s.create("redis");
                long t1 = System.nanoTime();
                logCommandStats(c, "snapshot");
                c.sync().flushall();
                c.sync().configResetstat();
                long t2 = System.nanoTime();
                s.restore(info.key());
                long t3 = System.nanoTime();
                logCommandStats(c, "restore");
                log.info("{} keys: snapshot {} ms ({} bytes), restore {} ms; heap used {} MiB", keys,
                        (t1 - t0) / 1_000_000, info.size(), (t3 - t2) / 1_000_000,
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
            assertThat(digest(c)).isEqualTo(before);
            assertThat(c.sync().dbsize()).isEqualTo(keys);
        }
    }

    /** Server time per command: for a script call, how long it blocked the server. */
    private static void logCommandStats(StatefulRedisConnection<String, String> c, String what) {
        for (String line : c.sync().info("commandstats").split("\r?\n")) {
            if (line.matches("cmdstat_(evalsha|eval|scan|dump|pexpiretime|restore|swapdb|flushdb):.*")) {
                log.info("{}: {}", what, line);
            }
        }
    }

    private static String digest(StatefulRedisConnection<String, String> c) {
        return c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DIGEST"));
    }
}
