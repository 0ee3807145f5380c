package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A 3-primary Redis Cluster of redis-server processes, created with redis-cli --cluster create. */
class RedisClusterTest {
    @TempDir
    static Path dir;
    private static final List<RedisServer> nodes = new ArrayList<>();
    private static RedisClusterClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
        for (int i = 0; i < 3; i++) {
            RedisServer n = RedisServer.start(dir, "--cluster-enabled", "yes", "--cluster-config-file",
                    "nodes-" + i + ".conf", "--databases", "1");
            nodes.add(n);
            cmd.add("127.0.0.1:" + n.port());
        }
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("create.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (RedisServer n : nodes) {
            try (StatefulRedisConnection<String, String> c = n.connect(0)) {
                while (!c.sync().clusterInfo().contains("cluster_state:ok") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        }
        client = RedisClusterClient.create(RedisURI.create(nodes.get(0).url(0)));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (client != null) {
            client.shutdown(0, 1, TimeUnit.SECONDS);
        }
        for (RedisServer n : nodes) {
            n.close();
        }
    }

    private static List<RedisServer.State> state() {
        List<RedisServer.State> out = new ArrayList<>();
        for (RedisServer n : nodes) {
            out.add(n.state(0));
        }
        return out;
    }

    private static SnapshotService service(MemoryStorageProvider storage, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("url", nodes.get(1).url(0));
        return SnapshotService.builder().storage(storage)
                .database("redis", new RedisSourceFactory().create(ProviderConfig.of(settings))).build();
    }

    @Test
    @DisplayName("a snapshot covers every primary; restore sends each key to its slot's primary")
    void snapshotAndRestoreAcrossPrimaries() {
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            RedisAdvancedClusterCommands<String, String> s = c.sync();
            for (int i = 0; i < 3000; i++) {
                s.set("key-" + i, "value-" + i);
            }
            s.hset("hash-ü", Map.of("a", "1"));
            s.setex("ttl", 3600, "x");
            s.sadd("{tag}set", "a", "b");
            List<RedisServer.State> before = state();
            assertThat(before).allSatisfy(st -> assertThat(st.keys()).isPositive());
            MemoryStorageProvider storage = new MemoryStorageProvider();
            SnapshotInfo info;
            try (SnapshotService svc = service(storage, Map.of())) {
                info = svc.create("redis");
                s.set("after", "1");
                List<RedisServer.State> live = state();
                assertThatThrownBy(() -> svc.restore(info.key())).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("Cluster");
                assertThat(state()).isEqualTo(live);
            }
            try (SnapshotService svc = service(storage, Map.of("non-atomic-restore", "true"))) {
                assertThat(svc.restore(info.key()).counts()).containsEntry("keys", 3003L);
            }
            assertThat(state()).isEqualTo(before);
            s.set("key-1", "changed");
            s.set("merge-only", "stays");
            try (SnapshotService svc = service(storage, Map.of("mode", "merge"))) {
                svc.restore(info.key());
            }
            assertThat(s.get("key-1")).isEqualTo("value-1");
            assertThat(s.get("merge-only")).isEqualTo("stays");
        }
    }

    @Test
    @DisplayName("a replication snapshot of a cluster holds one checked RDB per primary, captured in parallel")
    void oneRdbPerPrimary() throws Exception {
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 300; i++) {
                c.sync().set("rdb-" + i, "v" + i);
            }
        }
        try (io.github.dbsnap.spi.DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(Map.of(
                "url", nodes.get(0).url(0), "capture", "replication")))) {
            Segmented dump = Segmented.capture(source);
            assertThat(dump.metadata).containsEntry("capture", "replication").containsEntry("redis_mode", "cluster");
            assertThat(dump.metadata.get("rdb_nodes").split(",")).hasSize(3);
            assertThat(dump.entries).containsOnlyKeys("redis/dump-1.rdb", "redis/dump-2.rdb", "redis/dump-3.rdb");
            long keys = 0;
            for (RedisServer n : nodes) {
                keys += n.state(0).keys();
            }
            assertThat(dump.result.counts()).containsEntry("keys", keys);
        }
    }
}
