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
     * bounded). Returns DUMP, PEXPIRETIME pairs for the keys it got to; a key gone since SCAN gives
     * (nil, -2). Both are read in one atomic step, so value and expiry always belong together.
     */
    static final LuaScript DUMP = new LuaScript("""
            local out, bytes, limit = {}, 0, tonumber(ARGV[1])
            for i = 1, #KEYS do
              local payload = redis.call('DUMP', KEYS[i])
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
