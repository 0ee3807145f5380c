package io.github.dbsnap.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A redis-server process on a free port, started and killed by the tests; plus helpers to inspect it. */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final RedisClient client;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.client = RedisClient.create();
    }

    /** Starts {@code redis-server} with the standard test options plus {@code extra}. */
    public static RedisServer start(Path dir, String... extra) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "yes",
                "--databases", "16", "--dir", dir.toString(), "--repl-diskless-sync-delay", "0"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        waitForPing(p, port);
        return new RedisServer(p, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitForPing(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: " + p.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] b = new byte[7];
                if (in.readNBytes(b, 0, 7) == 7 && new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
    }

    int port() {
        return port;
    }

    public String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    public StatefulRedisConnection<String, String> connect(int db) {
        return client.connect(StringCodec.UTF8, RedisURI.create(url(db)));
    }

    StatefulRedisConnection<byte[], byte[]> connectBytes(int db) {
        return client.connect(ByteArrayCodec.INSTANCE, RedisURI.create(url(db)));
    }

    /** @return DEBUG DIGEST of every database plus each key's absolute expiry, for exact comparisons */
    public State state(int db) {
        try (StatefulRedisConnection<byte[], byte[]> c = connectBytes(db)) {
            String digest = c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE).add("DIGEST"));
            Map<String, Long> expiries = new TreeMap<>();
            List<byte[]> keys = c.sync().keys("*");
            List<io.lettuce.core.RedisFuture<Long>> pending = new ArrayList<>(keys.size());
            for (byte[] k : keys) {
                pending.add(c.async().pexpiretime(k)); // pipelined: thousands of keys in one round trip
            }
            for (int i = 0; i < keys.size(); i++) {
                expiries.put(HexFormat.of().formatHex(keys.get(i)), pending.get(i).toCompletableFuture().join());
            }
            return new State(digest, c.sync().dbsize(), expiries);
        }
    }

    /**
     * Everything comparable about a server's data.
     *
     * @param digest   DEBUG DIGEST over all databases
     * @param keys     DBSIZE of the database looked at
     * @param expiries key (hex) to absolute expiry in ms, -1 for none
     */
    public record State(String digest, long keys, Map<String, Long> expiries) {
    }

    @Override
    public void close() throws Exception {
        client.shutdown(0, 1, TimeUnit.SECONDS);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
