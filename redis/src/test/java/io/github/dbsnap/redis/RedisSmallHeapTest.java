package io.github.dbsnap.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, finding 8: hostile length fields and values larger than the heap, in a JVM started with
 * {@code -Xmx64m}: a clear error naming the key and its size, never an {@code OutOfMemoryError}.
 */
class RedisSmallHeapTest {
    private static final int DB = 4;
    /** Larger than the whole 64 MiB heap of the probe; incompressible, so its DUMP payload is as large. */
    private static final int BIG = 80 * 1024 * 1024;
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

    private static List<String> probe(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), SmallHeapProbe.class.getName()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "probe", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        List<String> out = Files.readAllLines(log);
        return out.stream().filter(l -> l.startsWith("OK") || l.startsWith("FAILED") || l.startsWith("OOM")
                || l.contains("OutOfMemoryError")).toList();
    }

    private static void setBig(byte[] key) {
        Random random = new Random(8);
        byte[] chunk = new byte[1024 * 1024];
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(DB)) {
            c.sync().flushall();
            for (int i = 0; i < BIG / chunk.length; i++) {
                random.nextBytes(chunk);
                c.sync().append(key, chunk);
            }
            c.sync().set("small".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("a 535-byte segment declaring a 512 MiB key fails with a clear error, not OutOfMemoryError")
    void hostileKeyLength() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(512 * 1024 * 1024);
            out.write(new byte[531]);
        }
        Path segment = dir.resolve("hostile.bin");
        Files.write(segment, b.toByteArray());
        assertThat(Files.size(segment)).isEqualTo(535);
        List<String> out = probe("restore", server.url(DB), segment.toString());
        assertThat(out).singleElement().asString().startsWith("FAILED").contains("536870912");
    }

    @Test
    @DisplayName("snapshotting an 80 MiB string with a 64 MiB heap and capture=scan fails naming the key and its size")
    void bigValueAtCreate() throws Exception {
        setBig("huge:blob".getBytes(StandardCharsets.UTF_8));
        List<String> out = probe("dump", server.url(DB), "scan");
        assertThat(out).singleElement().asString().startsWith("FAILED DatabaseSourceException")
                .contains("'huge:blob'").contains("max-payload-size");
    }

    @Test
    @DisplayName("restoring a segment with an 80 MiB payload with a 64 MiB heap fails naming the key and its size")
    void bigValueAtRestore() throws Exception {
        byte[] key = "huge:blob".getBytes(StandardCharsets.UTF_8);
        setBig(key);
        Path segment = dir.resolve("big.bin");
        try (StatefulRedisConnection<byte[], byte[]> c = server.connectBytes(DB);
             OutputStream file = Files.newOutputStream(segment);
             DataOutputStream out = new DataOutputStream(file)) {
            byte[] payload = c.sync().dump(key); // this JVM has the test's larger heap
            out.writeInt(key.length);
            out.write(key);
            out.writeLong(-1);
            out.writeInt(payload.length);
            out.write(payload);
            c.sync().flushall();
            c.sync().set("live".getBytes(StandardCharsets.UTF_8), "stays".getBytes(StandardCharsets.UTF_8));
        }
        List<String> out = probe("restore", server.url(DB), segment.toString());
        assertThat(out).singleElement().asString().startsWith("FAILED DatabaseSourceException")
                .contains("'huge:blob'").contains("max-payload-size");
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            assertThat(c.sync().get("live")).isEqualTo("stays");
            assertThat(c.sync().dbsize()).isOne();
        }
    }

    @Test
    @DisplayName("an 80 MiB string with a 64 MiB heap: a replication snapshot streams it; restoring that RDB fails naming the key, live data unchanged")
    void bigValueThroughReplication() throws Exception {
        setBig("huge:blob".getBytes(StandardCharsets.UTF_8));
        assertThat(probe("dump", server.url(DB), "replication")).singleElement().asString().startsWith("OK dumped");
        Path rdb = dir.resolve("big.rdb");
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(server.port()), "--rdb", rdb.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isZero();
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            c.sync().flushall();
            c.sync().set("live", "stays");
        }
        List<String> out = probe("restore", server.url(DB), rdb.toString());
        assertThat(out).singleElement().asString().startsWith("FAILED DatabaseSourceException")
                .contains("'huge:blob'").contains("max-payload-size");
        try (StatefulRedisConnection<String, String> c = server.connect(DB)) {
            assertThat(c.sync().get("live")).isEqualTo("stays");
            assertThat(c.sync().dbsize()).isOne();
        }
    }

    @Test
    @DisplayName("a normal snapshot still dumps with a 64 MiB heap")
    void smallValuesDump() throws IOException, Exception {
        TestData.populate(server, DB);
        assertThat(probe("dump", server.url(DB))).singleElement().asString().startsWith("OK dumped");
    }
}
