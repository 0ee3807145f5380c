package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Servers that cannot SWAPDB: restores are refused unless non-atomic-restore is set. */
class RedisFallbackTest {
    @TempDir
    Path dir;

    private static SnapshotService service(RedisServer server, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", server.url(0));
        return SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("redis", new RedisSourceFactory().create(ProviderConfig.of(settings))).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--rename-command SWAPDB \"\"", "--databases 1"})
    @DisplayName("without SWAPDB a replace restore is refused, live data unchanged; non-atomic-restore then restores")
    void refusedThenNonAtomic(String option) throws Exception {
        String[] args = option.equals("--databases 1") ? new String[] {"--databases", "1"}
                : new String[] {"--rename-command", "SWAPDB", ""};
        try (RedisServer server = RedisServer.start(dir, args)) {
            TestData.populate(server, 0);
            RedisServer.State before = server.state(0);
            SnapshotInfo info;
            try (SnapshotService s = service(server, Map.of());
                 StatefulRedisConnection<String, String> c = server.connect(0)) {
                info = s.create("redis");
                c.sync().set("after", "snapshot");
                RedisServer.State live = server.state(0);
                assertThatThrownBy(() -> s.restore(info.key())).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("non-atomic-restore=true");
                assertThat(server.state(0)).isEqualTo(live);
                MemoryStorageProvider storage = (MemoryStorageProvider) s.storage();
                try (SnapshotService nonAtomic = SnapshotService.builder().storage(storage).database("redis",
                        new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", server.url(0),
                                "non-atomic-restore", "true")))).build()) {
                    nonAtomic.restore(info.key());
                }
                assertThat(server.state(0)).isEqualTo(before);
            }
        }
    }
}
