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
        return parse(info);
    }

    /** @param info an {@code INFO server} reply */
    static ServerInfo parse(String info) {
        String version = field(info, "redis_version");
        if (version == null) {
            throw new DatabaseSourceException("redis: INFO server has no redis_version; is this a Redis server?");
        }
        return new ServerInfo(version, "cluster".equals(field(info, "redis_mode")));
    }

    /** @return the value of {@code name:} in an {@code INFO} reply, or null */
    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    /** @return the numeric {@code name:} field of an {@code INFO} reply, or {@code fallback} */
    static long number(String info, String name, long fallback) {
        String v = field(info, name);
        try {
            return v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * @return {keys, expires} of database {@code db} from an {@code INFO keyspace} reply
     *         ({@code db3:keys=12,expires=2,avg_ttl=0}); zeros for a database that holds nothing
     */
    static long[] keyspace(String info, int db) {
        String v = field(info, "db" + db);
        long[] out = new long[2];
        if (v != null) {
            for (String kv : v.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals("keys")) {
                    out[0] = Long.parseLong(p[1].trim());
                } else if (p.length == 2 && p[0].equals("expires")) {
                    out[1] = Long.parseLong(p[1].trim());
                }
            }
        }
        return out;
    }

    int majorVersion() {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
