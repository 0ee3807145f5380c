package io.github.dbsnap.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A real writer for the PITR tests: small transactions of inserts, updates and deletes on its own
 * connection (with SQLite's default auto-checkpoint, as a host would have), at a few hundred per second,
 * which can be paused between transactions so that a test can read the database's digest at an instant.
 */
final class PitrWriter implements AutoCloseable {
    private final Path db;
    private final Thread thread;
    private final Semaphore turn = new Semaphore(1);
    private final AtomicLong transactions = new AtomicLong();
    private volatile boolean stop;
    private volatile Throwable failure;

    PitrWriter(Path db) throws SQLException {
        this.db = db;
        prepare(db);
        thread = new Thread(this::run, "pitr-writer");
        thread.start();
    }

    /** Creates the database in WAL mode with the writer's table. */
    static void prepare(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, n INTEGER NOT NULL)");
        }
    }

    private void run() {
        Random rnd = new Random(42);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
            }
            c.setAutoCommit(false);
            PreparedStatement ins = c.prepareStatement("INSERT INTO t (v, n) VALUES (?, ?)");
            PreparedStatement upd = c.prepareStatement("UPDATE t SET n = n + 1, v = ? WHERE id = ?");
            PreparedStatement del = c.prepareStatement("DELETE FROM t WHERE id = ?");
            while (!stop) {
                turn.acquireUninterruptibly();
                try {
                    long tx = transactions.get();
                    ins.setString(1, "row-" + tx + "-" + "x".repeat(rnd.nextInt(200)));
                    ins.setLong(2, tx);
                    ins.executeUpdate();
                    upd.setString(1, "upd-" + tx);
                    upd.setLong(2, 1 + rnd.nextInt((int) tx + 1));
                    upd.executeUpdate();
                    if (tx % 3 == 0) {
                        del.setLong(1, 1 + rnd.nextInt((int) tx + 1));
                        del.executeUpdate();
                    }
                    c.commit();
                    transactions.incrementAndGet();
                } finally {
                    turn.release();
                }
                LockSupport.parkNanos(2_000_000); // a few hundred transactions per second
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Stops writing after the current transaction; {@link #resume()} continues. */
    void pause() {
        turn.acquireUninterruptibly();
    }

    void resume() {
        turn.release();
    }

    long transactions() {
        return transactions.get();
    }

    /** @return a SHA-256 of every row, in id order */
    static String digest(Path db) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v, n FROM t ORDER BY id")) {
            while (rs.next()) {
                sha.update((rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("the writer failed", failure);
        }
    }
}
