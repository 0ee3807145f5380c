package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the crash tests share: a large SQLite database, CLI processes to kill, and the invariants to check. */
final class CrashFixture {
    private CrashFixture() {
    }

    /** Creates a database of {@code mib} MiB of incompressible rows, so that a create or restore takes a while. */
    static void bigDatabase(Path db, int mib, long seed) throws Exception {
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (data) VALUES (?)")) {
                for (int i = 0; i < mib * 16; i++) {
                    byte[] b = new byte[64 * 1024];
                    random.nextBytes(b);
                    ps.setBytes(1, b);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Changes the database so that its content differs from any snapshot taken before. */
    static void change(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM blobs WHERE id % 3 = 0");
            st.execute("INSERT INTO blobs (data) VALUES (x'0102030405')");
        }
    }

    /** @return a SHA-256 over every row, after checking {@code PRAGMA integrity_check} is ok */
    static String fingerprint(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                if (!"ok".equals(rs.getString(1))) {
                    throw new AssertionError("integrity_check of " + db + ": " + rs.getString(1));
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (ResultSet rs = st.executeQuery("SELECT id, data FROM blobs ORDER BY id")) {
                while (rs.next()) {
                    sha.update(Long.toString(rs.getLong(1)).getBytes());
                    sha.update(rs.getBytes(2));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Runs the CLI in this JVM (for the checks after a crash). */
    static Result cli(Map<String, String> env, String... args) {
        return CliRun.cli(env, args);
    }

    /** Starts the CLI as its own JVM, with the test's class path and only the given environment. */
    static Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), DbsnapCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SNAPSHOTS_") || k.startsWith("SNAPHOSTS_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Waits (at most 60 s, polling) until {@code condition} holds or the process ended, then kills it with
     * SIGKILL. A process that ended first was simply not killed; the invariants must hold either way.
     *
     * @return whether the process was still running when killed
     */
    static boolean killWhen(Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && !condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the condition to kill at never came");
            }
            Thread.sleep(2); // polling interval of a bounded wait
        }
        boolean alive = p.isAlive();
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("process did not die");
        }
        return alive;
    }

    /** @return whether a file whose name starts with {@code prefix} and holds at least {@code minBytes} is in {@code dir} */
    static boolean fileAppears(Path dir, String prefix, long minBytes) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix) && size(f) >= minBytes);
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return the names of dbsnap's temp files below {@code dir} */
    static List<String> leftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".dbsnap-")).toList();
        }
    }
}
