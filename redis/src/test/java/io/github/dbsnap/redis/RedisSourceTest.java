package io.github.dbsnap.redis;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceContract;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The DatabaseSource contract against a redis-server started for this class, on logical database 2. */
class RedisSourceTest extends DatabaseSourceContract {
    private static final int DB = 2;
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

    @Override
    protected void populate() {
        TestData.populate(server, DB);
    }

    @Override
    protected DatabaseSourceFactory factory() {
        return new RedisSourceFactory();
    }

    @Override
    protected Map<String, String> sourceSettings() {
        return Map.of("url", server.url(DB));
    }

    @Override
    protected Object liveState() {
        return server.state(DB);
    }

    @Override
    protected void mutate() {
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().set("added", "after the snapshot");
            c.sync().del("list");
            c.sync().expire("string", 100);
            c.sync().hset("hash", "a", "changed");
        }
    }

    @Override
    protected DatabaseSource unreachableSource() throws Exception {
        int closed = RedisServer.freePort();
        return new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", "redis://127.0.0.1:" + closed,
                "timeout", "2s")));
    }
}
