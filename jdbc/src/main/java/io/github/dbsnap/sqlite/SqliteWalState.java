package io.github.dbsnap.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

/**
 * Where the shipper stands, saved in its spool after every segment so that a restart resumes without
 * a gap: the generation, the next segment index, the WAL's salts, the frames shipped and the checksum
 * chain there, and the segment being handed over when it was saved (re-queued after a crash).
 */
final class SqliteWalState {
    String generation;
    long index;
    boolean hasHeader;
    int salt1;
    int salt2;
    long position;
    int cksum0;
    int cksum1;
    /** every frame up to {@link #position} was copied into the database file by dbsnap's own checkpoint */
    boolean backfilled;
    String pendingFile;
    long pendingIndex;
    long pendingFirstFrame;
    Instant pendingTime;

    static SqliteWalState load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            SqliteWalState s = new SqliteWalState();
            s.generation = p.getProperty("generation");
            s.index = Long.parseLong(p.getProperty("index"));
            s.hasHeader = Boolean.parseBoolean(p.getProperty("hasHeader"));
            s.salt1 = Integer.parseInt(p.getProperty("salt1"));
            s.salt2 = Integer.parseInt(p.getProperty("salt2"));
            s.position = Long.parseLong(p.getProperty("position"));
            s.cksum0 = Integer.parseInt(p.getProperty("cksum0"));
            s.cksum1 = Integer.parseInt(p.getProperty("cksum1"));
            s.backfilled = Boolean.parseBoolean(p.getProperty("backfilled"));
            s.pendingFile = p.getProperty("pendingFile");
            if (s.pendingFile != null) {
                s.pendingIndex = Long.parseLong(p.getProperty("pendingIndex"));
                s.pendingFirstFrame = Long.parseLong(p.getProperty("pendingFirstFrame"));
                s.pendingTime = Instant.parse(p.getProperty("pendingTime"));
            }
            return s.generation == null ? null : s;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the shipper starts a new generation
        }
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("generation", generation);
        p.setProperty("index", Long.toString(index));
        p.setProperty("hasHeader", Boolean.toString(hasHeader));
        p.setProperty("salt1", Integer.toString(salt1));
        p.setProperty("salt2", Integer.toString(salt2));
        p.setProperty("position", Long.toString(position));
        p.setProperty("cksum0", Integer.toString(cksum0));
        p.setProperty("cksum1", Integer.toString(cksum1));
        p.setProperty("backfilled", Boolean.toString(backfilled));
        if (pendingFile != null) {
            p.setProperty("pendingFile", pendingFile);
            p.setProperty("pendingIndex", Long.toString(pendingIndex));
            p.setProperty("pendingFirstFrame", Long.toString(pendingFirstFrame));
            p.setProperty("pendingTime", pendingTime.toString());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "dbsnap WAL shipper state");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
