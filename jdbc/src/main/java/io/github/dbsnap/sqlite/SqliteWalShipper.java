package io.github.dbsnap.sqlite;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.WalShipper;
import io.github.dbsnap.spi.WalSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ships a WAL database's log the way Litestream does. A connection holds a read transaction, so that no
 * other connection's checkpoint copies frames past it or restarts the log; each cycle copies the frames
 * committed since the last one (checked against the header's salts and the checksum chain) into a
 * segment; and once enough is shipped, dbsnap checkpoints itself: holding the write lock it ships the
 * tail, checkpoints (PASSIVE) every frame into the database file, and lets go, so the next writer
 * restarts the log with the next salt, a reset dbsnap expects. Any other reset, a truncated log, or
 * a log that changed while dbsnap was stopped begins a new generation with a new snapshot, never a gap.
 */
final class SqliteWalShipper implements WalShipper {
    private static final Logger log = LoggerFactory.getLogger(SqliteWalShipper.class);
    /** Frames shipped before dbsnap checkpoints, as SQLite's own default wal_autocheckpoint. */
    static final long CHECKPOINT_FRAMES = 1000;
    private static final String STATE = "shipper.properties";
    private static final int PAYLOAD_PREFIX = SqliteWal.HEADER + 12;

    private final Path db;
    private final Path wal;
    private final WalSink sink;
    private final Clock clock;
    private final Connection reader;
    private final Connection writer;
    private SqliteWalState state;
    private long shippedSinceCheckpoint;
    private volatile long unshipped;
    private boolean holding;
    private boolean closed;
    private boolean resumed;

    SqliteWalShipper(Path db, Duration busyTimeout, WalSink sink, Clock clock) {
        this.db = db;
        this.wal = db.resolveSibling(db.getFileName() + "-wal");
        this.sink = sink;
        this.clock = clock;
        if (!SqliteFiles.isWal(db)) {
            throw new DatabaseSourceException("point-in-time recovery needs '" + db + "' in WAL mode "
                    + "(PRAGMA journal_mode=WAL); it is not");
        }
        try {
            this.reader = SqliteConnections.open("jdbc:sqlite:" + db, false, busyTimeout);
            this.writer = SqliteConnections.open("jdbc:sqlite:" + db, false, Duration.ofSeconds(1));
            for (Connection c : new Connection[] {reader, writer}) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA wal_autocheckpoint=0"); // dbsnap checkpoints; this connection never does on its own
                }
            }
        } catch (SQLException e) {
            throw new DatabaseSourceException("opening '" + db + "' for shipping its WAL failed: " + e.getMessage(), e);
        }
        state = SqliteWalState.load(sink.spoolDir().resolve(STATE));
        resumed = state != null;
    }

    @Override
    public synchronized void ship() throws IOException {
        if (closed) {
            return;
        }
        try {
            hold();
            if (sink.gap() != null) {
                newGeneration(sink.gap());
                return;
            }
            if (state == null) {
                newGeneration("first start of WAL shipping");
                return;
            }
            if (state.pendingFile != null) {
                handOver();
            }
            if (resumed) {
                resumed = false;
                String changed = changedWhileStopped();
                if (changed != null) {
                    newGeneration(changed);
                    return;
                }
                log.info("Resuming WAL shipping of {} in generation {} at frame {}", db, state.generation, state.position);
            }
            String broken = cycle();
            if (broken != null) {
                newGeneration(broken);
                return;
            }
            if (shippedSinceCheckpoint >= CHECKPOINT_FRAMES) {
                checkpoint();
            }
        } catch (SQLException e) {
            throw new DatabaseSourceException("shipping the WAL of '" + db + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Nothing held the log while dbsnap was stopped, so resuming is safe only when the log is the very one
     * shipped: the same salts and, at the shipped position, the same frame checksum.
     *
     * @return why the log cannot be resumed, or null
     */
    private String changedWhileStopped() throws IOException {
        try (FileChannel ch = openWal()) {
            SqliteWal.Header h = ch == null ? null : SqliteWal.header(read(ch, 0, SqliteWal.HEADER));
            if (h == null) {
                return state.hasHeader ? "the WAL was checkpointed away while dbsnap was not running" : null;
            }
            if (!state.hasHeader || !h.sameSalts(state.salt1, state.salt2)) {
                return "the WAL was reset while dbsnap was not running (its salt changed)";
            }
            if (state.position > 0) {
                ByteBuffer f = ByteBuffer.wrap(read(ch, SqliteWal.HEADER + (state.position - 1) * h.frameSize(), SqliteWal.FRAME_HEADER));
                if (f.capacity() < SqliteWal.FRAME_HEADER || f.getInt(16) != state.cksum0 || f.getInt(20) != state.cksum1) {
                    return "the WAL changed while dbsnap was not running (the last shipped frame differs)";
                }
            }
            return null;
        }
    }

    /** Reads the log from where the last cycle stopped; @return why a new generation must begin, or null */
    private String cycle() throws IOException {
        Instant time = clock.instant();
        try (FileChannel ch = openWal()) {
            long size = ch == null ? 0 : ch.size();
            SqliteWal.Header h = ch == null ? null : SqliteWal.header(read(ch, 0, SqliteWal.HEADER));
            if (h == null) {
                unshipped = 0;
                return state.hasHeader && state.position > 0 && !state.backfilled
                        ? "the WAL was truncated behind dbsnap (a checkpoint by another connection)" : null;
            }
            if (!state.hasHeader || !h.sameSalts(state.salt1, state.salt2)) {
                if (state.hasHeader && !(state.backfilled && h.salt1() == state.salt1 + 1)) {
                    return "the WAL was reset behind dbsnap (its salt changed: a checkpoint by another connection "
                            + "or process, or the file was replaced)";
                }
                state.hasHeader = true;
                state.salt1 = h.salt1();
                state.salt2 = h.salt2();
                state.position = 0;
                state.cksum0 = h.cksum0();
                state.cksum1 = h.cksum1();
                state.backfilled = false;
            }
            copyCommits(ch, h, time);
            unshipped = Math.max(0, size - SqliteWal.HEADER - state.position * h.frameSize());
            return null;
        }
    }

    /** Copies every whole transaction after the shipped position into a segment and hands it over. */
    private void copyCommits(FileChannel ch, SqliteWal.Header h, Instant time) throws IOException {
        long first = state.position + 1;
        int[] chain = {state.cksum0, state.cksum1};
        int[] committedChain = chain.clone();
        long committed = state.position;
        long committedBytes = PAYLOAD_PREFIX;
        Path payload = sink.spoolDir().resolve("segment-" + state.index + ".wal");
        try (FileChannel out = FileChannel.open(payload, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(PAYLOAD_PREFIX);
            prefix.put(h.bytes()).putInt((int) first).putInt(chain[0]).putInt(chain[1]).flip();
            out.write(prefix);
            long frame = first;
            long end = ch.size();
            while (SqliteWal.HEADER + frame * h.frameSize() <= end) {
                byte[] f = read(ch, SqliteWal.HEADER + (frame - 1) * h.frameSize(), h.frameSize());
                if (f.length < h.frameSize() || !SqliteWal.validFrame(h, f, chain)) {
                    break;
                }
                out.write(ByteBuffer.wrap(f));
                if (SqliteWal.commitSize(f) != 0) {
                    committed = frame;
                    committedChain = chain.clone();
                    committedBytes = out.position();
                }
                frame++;
            }
            out.truncate(committedBytes);
        }
        if (committed == state.position) {
            Files.deleteIfExists(payload);
            return;
        }
        state.pendingFile = payload.getFileName().toString();
        state.pendingIndex = state.index;
        state.pendingFirstFrame = first;
        state.pendingTime = time;
        shippedSinceCheckpoint += committed - state.position;
        state.index++;
        state.position = committed;
        state.cksum0 = committedChain[0];
        state.cksum1 = committedChain[1];
        state.backfilled = false;
        handOver();
    }

    /** Saves the state with the segment marked pending, then queues it; a crash in between re-queues it on restart. */
    private void handOver() throws IOException {
        state.save(sink.spoolDir().resolve(STATE));
        Path payload = sink.spoolDir().resolve(state.pendingFile);
        if (Files.exists(payload)) {
            sink.add(state.generation, state.pendingIndex, state.pendingFirstFrame, state.pendingTime, payload);
        }
        state.pendingFile = null;
        state.save(sink.spoolDir().resolve(STATE));
    }

    /**
     * Holding the write lock (so no frame is added meanwhile), ships the tail and checkpoints every frame into
     * the database file; the next writer then restarts the log with salt1 + 1, which {@link #cycle()} expects.
     */
    private void checkpoint() throws SQLException, IOException {
        try (Statement w = writer.createStatement()) {
            try {
                w.execute("BEGIN IMMEDIATE");
            } catch (SQLException busy) {
                log.debug("Checkpoint of {} postponed: the write lock is busy", db);
                return;
            }
            try {
                String broken = cycle();
                if (broken != null) {
                    throw new DatabaseSourceException(broken);
                }
                release();
                try (Statement r = reader.createStatement(); ResultSet rs = r.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next();
                    long logFrames = rs.getLong(2);
                    long done = rs.getLong(3);
                    if (logFrames == state.position && done == state.position) {
                        state.backfilled = true;
                        shippedSinceCheckpoint = 0;
                        state.save(sink.spoolDir().resolve(STATE));
                    } else {
                        log.debug("Checkpoint of {}: {} of {} frames copied (a reader holds the rest)", db, done, logFrames);
                    }
                }
            } finally {
                w.execute("COMMIT");
                hold();
            }
        }
    }

    private void newGeneration(String reason) throws IOException {
        // fix the position first: the snapshot then holds at least every commit up to it
        SqliteWalState s = new SqliteWalState();
        try (FileChannel ch = openWal()) {
            SqliteWal.Header h = ch == null ? null : SqliteWal.header(read(ch, 0, SqliteWal.HEADER));
            if (h != null) {
                s.hasHeader = true;
                s.salt1 = h.salt1();
                s.salt2 = h.salt2();
                int[] chain = {h.cksum0(), h.cksum1()};
                long frame = 1;
                long lastCommit = 0;
                int[] commitChain = chain.clone();
                while (SqliteWal.HEADER + frame * h.frameSize() <= ch.size()) {
                    byte[] f = read(ch, SqliteWal.HEADER + (frame - 1) * h.frameSize(), h.frameSize());
                    if (!SqliteWal.validFrame(h, f, chain)) {
                        break;
                    }
                    if (SqliteWal.commitSize(f) != 0) {
                        lastCommit = frame;
                        commitChain = chain.clone();
                    }
                    frame++;
                }
                s.position = lastCommit;
                s.cksum0 = commitChain[0];
                s.cksum1 = commitChain[1];
            }
        }
        s.generation = sink.newGeneration(reason);
        state = s;
        shippedSinceCheckpoint = s.position;
        state.save(sink.spoolDir().resolve(STATE));
    }

    private FileChannel openWal() throws IOException {
        try {
            return FileChannel.open(wal, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b.position() == n ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Begins the read transaction that keeps other checkpoints behind dbsnap, if not held already. */
    private void hold() throws SQLException {
        if (holding) {
            return;
        }
        try (Statement st = reader.createStatement()) {
            st.execute("BEGIN");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            }
        }
        holding = true;
    }

    private void release() throws SQLException {
        if (holding) {
            try (Statement st = reader.createStatement()) {
                st.execute("COMMIT");
            }
            holding = false;
        }
    }

    @Override
    public long unshippedBytes() {
        return unshipped;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } catch (SQLException ignored) {
            // closing the connection ends the transaction anyway
        }
        for (Connection c : new Connection[] {reader, writer}) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("Closing a shipping connection of {} failed: {}", db, e.toString());
            }
        }
    }
}
