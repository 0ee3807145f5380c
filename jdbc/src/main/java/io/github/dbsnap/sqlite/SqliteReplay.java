package io.github.dbsnap.sqlite;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.spi.WalSegments;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Replays WAL segments over a staged database copy by writing each frame's page in place, in order, and
 * setting the file's size at every commit, which is what a checkpoint of those frames does. Every
 * segment must continue the one before it: the same salts, the next frame and the same checksum chain,
 * or, after a reset dbsnap made, frame 1 of a log whose salt1 is one more.
 */
final class SqliteReplay {
    private int salt1;
    private int salt2;
    private long nextFrame = -1;
    private final int[] chain = new int[2];
    private String previous;

    private SqliteReplay() {
    }

    /** @return the frames applied */
    static long apply(Path staged, WalSegments segments) throws IOException {
        SqliteReplay r = new SqliteReplay();
        long frames = 0;
        try (FileChannel db = FileChannel.open(staged, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < segments.size(); i++) {
                try (InputStream in = new BufferedInputStream(segments.open(i), 256 * 1024)) {
                    frames += r.segment(db, in, segments.name(i), SqliteFiles.pageSize(staged));
                }
                r.previous = segments.name(i);
            }
            db.force(false);
        }
        return frames;
    }

    private long segment(FileChannel db, InputStream in, String name, int pageSize) throws IOException {
        SqliteWal.Header h = SqliteWal.header(in.readNBytes(SqliteWal.HEADER));
        ByteBuffer prefix = ByteBuffer.wrap(in.readNBytes(12));
        if (h == null || prefix.capacity() < 12) {
            throw corrupt(name, "it holds no valid WAL header");
        }
        if (h.pageSize() != pageSize) {
            throw corrupt(name, "its page size " + h.pageSize() + " is not the snapshot's " + pageSize);
        }
        long first = prefix.getInt(0) & 0xffffffffL;
        int c0 = prefix.getInt(4);
        int c1 = prefix.getInt(8);
        boolean continues = nextFrame < 0
                || (h.sameSalts(salt1, salt2) && first == nextFrame && c0 == chain[0] && c1 == chain[1])
                || (first == 1 && h.salt1() == salt1 + 1 && c0 == h.cksum0() && c1 == h.cksum1());
        if (!continues || (first == 1 && (c0 != h.cksum0() || c1 != h.cksum1()))) {
            throw new CorruptSnapshotException("WAL segment " + name + " does not continue segment " + previous
                    + ": a segment between them is missing or was replaced");
        }
        salt1 = h.salt1();
        salt2 = h.salt2();
        chain[0] = c0;
        chain[1] = c1;
        byte[] f = new byte[h.frameSize()];
        long n = 0;
        boolean committed = true;
        int read;
        while ((read = in.readNBytes(f, 0, f.length)) > 0) {
            if (read < f.length || !SqliteWal.validFrame(h, f, chain)) {
                throw corrupt(name, "frame " + (first + n) + " fails its checksum");
            }
            db.write(ByteBuffer.wrap(f, SqliteWal.FRAME_HEADER, pageSize), (long) (SqliteWal.pageNumber(f) - 1) * pageSize);
            int size = SqliteWal.commitSize(f);
            committed = size != 0;
            if (committed) {
                db.truncate((long) size * pageSize);
            }
            n++;
        }
        if (!committed) {
            throw corrupt(name, "it ends inside a transaction");
        }
        nextFrame = first + n;
        return n;
    }

    private static CorruptSnapshotException corrupt(String name, String why) {
        return new CorruptSnapshotException("WAL segment " + name + " is damaged: " + why);
    }
}
