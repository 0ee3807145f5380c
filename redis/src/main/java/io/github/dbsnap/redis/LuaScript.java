package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA} after one {@code SCRIPT LOAD}, and sent again with {@code EVAL}
 * when the server answers {@code NOSCRIPT} (script cache flushed, failover). One script call replaces a
 * batch of per-key commands, which is where the client spent its time. Standalone servers only: in a
 * cluster all keys of one call must hash to the same slot. Thread-safe.
 */
final class LuaScript {
    private static final Logger log = LoggerFactory.getLogger(LuaScript.class);

    /**
     * KEYS: one SCAN page; ARGV[1]: payload bytes after which to stop (so one call's reply stays
     * bounded); ARGV[2]: the largest payload the client accepts. Returns DUMP, PEXPIRETIME pairs for the
     * keys it got to; a key gone since SCAN gives (nil, -2); a payload above ARGV[2] ends the reply with
     * (its size, -3), so that it never reaches the client. Value and expiry are read in one atomic step,
     * so they always belong together.
     */
    static final LuaScript DUMP = new LuaScript("""
            local out, bytes, limit, max = {}, 0, tonumber(ARGV[1]), tonumber(ARGV[2])
            for i = 1, #KEYS do
              local payload = redis.call('DUMP', KEYS[i])
              if payload and #payload > max then
                out[2 * i - 1] = #payload
                out[2 * i] = -3
                break
              end
              out[2 * i - 1] = payload
              out[2 * i] = redis.call('PEXPIRETIME', KEYS[i])
              if payload then
                bytes = bytes + #payload
                if bytes >= limit then break end
              end
            end
            return out
            """, ScriptOutputType.MULTI);

    /** KEYS: keys; ARGV: expire-at (Unix ms, 0 = none) and payload of each key in turn. Returns the key count. */
    static final LuaScript RESTORE = new LuaScript("""
            for i = 1, #KEYS do
              redis.call('RESTORE', KEYS[i], ARGV[2 * i - 1], ARGV[2 * i], 'REPLACE', 'ABSTTL')
            end
            return #KEYS
            """, ScriptOutputType.INTEGER);

    /**
     * Like {@link #RESTORE}, for a staging database that starts empty, counting what it creates.
     * Returns {keys created without expiry, keys created with an expiry that exist afterwards}: a key
     * whose expiry already passed is not created, and a key SCAN returned twice replaces its first copy
     * (BUSYKEY) and is counted once, by its final expiry.
     */
    static final LuaScript RESTORE_COUNTED = new LuaScript("""
            local persistent, volatile = 0, 0
            for i = 1, #KEYS do
              local ttl = ARGV[2 * i - 1]
              local r = redis.pcall('RESTORE', KEYS[i], ttl, ARGV[2 * i], 'ABSTTL')
              if type(r) == 'table' and r.err then
                if string.sub(r.err, 1, 7) ~= 'BUSYKEY' then return r end
                if redis.call('PTTL', KEYS[i]) == -1 then persistent = persistent - 1 else volatile = volatile - 1 end
                redis.call('RESTORE', KEYS[i], ttl, ARGV[2 * i], 'REPLACE', 'ABSTTL')
              end
              if ttl == '0' then
                persistent = persistent + 1
              elseif redis.call('EXISTS', KEYS[i]) == 1 then
                volatile = volatile + 1
              end
            end
            return {persistent, volatile}
            """, ScriptOutputType.MULTI);

    private final String source;
    private final ScriptOutputType type;
    private final String sha;

    private LuaScript(String source, ScriptOutputType type) {
        this.source = source;
        this.type = type;
        this.sha = sha1(source);
    }

    /**
     * Loads the script into the server's cache and runs it once without keys (a no-op), so that a
     * server refusing it is found before any data moves; needs automatic flushing on.
     *
     * @return false if the server refuses scripting (SCRIPT or EVALSHA renamed, ACL), so that the
     *         caller sends plain commands instead
     */
    boolean load(StatefulRedisConnection<byte[], byte[]> conn) {
        try {
            if (!sha.equals(conn.sync().scriptLoad(source))) {
                return false;
            }
            conn.sync().evalsha(sha, type, new byte[0][]);
            return true;
        } catch (RedisException e) {
            log.debug("SCRIPT LOAD refused ({}); using one command per key", e.getMessage());
            return false;
        }
    }

    /** Queues an EVALSHA; the caller flushes the connection. */
    <T> Call<T> send(StatefulRedisConnection<byte[], byte[]> conn, byte[][] keys, byte[][] args) {
        RedisScriptingAsyncCommands<byte[], byte[]> async = conn.async();
        return new Call<>(this, conn, keys, args, async.evalsha(sha, type, keys, args));
    }

    /** One script call in flight. */
    static final class Call<T> {
        private final LuaScript script;
        private final StatefulRedisConnection<byte[], byte[]> conn;
        private final byte[][] keys;
        private final byte[][] args;
        private final RedisFuture<T> future;

        private Call(LuaScript script, StatefulRedisConnection<byte[], byte[]> conn, byte[][] keys, byte[][] args,
                     RedisFuture<T> future) {
            this.script = script;
            this.conn = conn;
            this.keys = keys;
            this.args = args;
            this.future = future;
        }

        byte[][] keyArray() {
            return keys;
        }

        /** Waits for the reply; on NOSCRIPT sends the whole script with EVAL and waits for that. */
        T await(long timeoutMillis, String what) {
            try {
                return RedisErrors.await(future, timeoutMillis, what);
            } catch (DatabaseSourceException e) {
                if (!(e.getCause() instanceof RedisNoScriptException)) {
                    throw e;
                }
                log.debug("The server lost the {} script; sending it with EVAL", what);
                RedisFuture<T> again = conn.async().eval(script.source, script.type, keys, args);
                conn.flushCommands();
                return RedisErrors.await(again, timeoutMillis, what);
            }
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
