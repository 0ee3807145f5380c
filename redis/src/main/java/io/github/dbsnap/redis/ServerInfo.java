package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What dbsnap needs to know about a server, from {@code INFO server}.
 *
 * @param version the {@code redis_version}
 * @param cluster whether it runs in cluster mode
 */
record ServerInfo(String version, boolean cluster) {

    static ServerInfo of(StatefulRedisConnection<byte[], byte[]> conn) {
        String info;
        try {
            info = conn.sync().info("server");
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("INFO server failed", e);
        }
        String version = field(info, "redis_version");
        if (version == null) {
            throw new DatabaseSourceException("redis: INFO server has no redis_version; is this a Redis server?");
        }
        return new ServerInfo(version, "cluster".equals(field(info, "redis_mode")));
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    int majorVersion() {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
