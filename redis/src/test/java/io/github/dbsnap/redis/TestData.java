package io.github.dbsnap.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/** Fills a database with every data type, binary and non-ASCII keys and values, with and without TTLs. */
final class TestData {
    static final byte[] BINARY_KEY = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\r', '\n', 0};
    static final String UNICODE_KEY = "ключ:鍵:🔑";

    private TestData() {
    }

    static void populate(RedisServer server, int db) {
        try (StatefulRedisConnection<String, String> c = server.connect(db);
             StatefulRedisConnection<byte[], byte[]> b = server.connectBytes(db)) {
            RedisCommands<String, String> s = c.sync();
            s.flushall();
            s.set("string", "plain value");
            s.set("counter", "42");
            s.set(UNICODE_KEY, "значение ✓ 値");
            byte[] random = new byte[4096];
            new Random(7).nextBytes(random);
            b.sync().set(BINARY_KEY, random);
            s.hset("hash", Map.of("a", "1", "b", "zwei", "ü", "ß"));
            s.rpush("list", "x", "y", "z", "x");
            s.sadd("set", "red", "green", "blue");
            s.zadd("zset", ScoredValue.just(1.5, "one"), ScoredValue.just(-3, "minus"), ScoredValue.just(1e9, "big"));
            s.xadd("stream", Map.of("field", "v1"));
            s.xadd("stream", Map.of("field", "v2"));
            s.xgroupCreate(XReadArgs.StreamOffset.from("stream", "0"), "group");
            s.xreadgroup(Consumer.from("group", "consumer"), XReadArgs.StreamOffset.lastConsumed("stream"));
            s.pfadd("hll", "a", "b", "c", "d");
            s.setbit("bitmap", 1000, 1);
            for (int i = 0; i < 300; i++) {
                s.hset("bighash", "field-" + i, "value-" + i);
            }
            s.setex("ttl-hour", 3600, "expires in an hour");
            s.psetex("ttl-minute", 60_000, "expires in a minute");
            s.hset("ttl-hash", "k", "v");
            s.expire("ttl-hash", 7200);
            b.sync().expire(BINARY_KEY, 86_400);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
