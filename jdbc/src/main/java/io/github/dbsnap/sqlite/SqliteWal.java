package io.github.dbsnap.sqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SQLite's WAL file format (sqlite.org/fileformat2.html#walformat): the 32-byte header, 24-byte frame
 * headers, and the cumulative checksum that chains every frame to the header and to the frames before it.
 * A frame is valid only when its salts equal the header's and its checksum continues the chain; a frame
 * whose "database size after commit" is non-zero ends a transaction.
 */
final class SqliteWal {
    static final int HEADER = 32;
    static final int FRAME_HEADER = 24;
    private static final int MAGIC_LE = 0x377f0682;
    private static final int MAGIC_BE = 0x377f0683;

    private SqliteWal() {
    }

    /** A parsed, checked WAL header. */
    record Header(byte[] bytes, int pageSize, int salt1, int salt2, boolean bigEndian, int cksum0, int cksum1) {
        int frameSize() {
            return FRAME_HEADER + pageSize;
        }

        boolean sameSalts(int s1, int s2) {
            return salt1 == s1 && salt2 == s2;
        }
    }

    /** @return the header, or null when {@code b} holds no valid WAL header (an empty or half-written file) */
    static Header header(byte[] b) {
        if (b.length < HEADER) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        int magic = bb.getInt(0);
        if (magic != MAGIC_LE && magic != MAGIC_BE) {
            return null;
        }
        boolean big = magic == MAGIC_BE;
        int pageSize = bb.getInt(8);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            return null;
        }
        int[] s = {0, 0};
        checksum(b, 0, 24, big, s);
        if (s[0] != bb.getInt(24) || s[1] != bb.getInt(28)) {
            return null;
        }
        return new Header(b.clone(), pageSize, bb.getInt(16), bb.getInt(20), big, s[0], s[1]);
    }

    /** Continues the cumulative checksum {@code s} over {@code len} bytes (a multiple of 8) of {@code b}. */
    static void checksum(byte[] b, int off, int len, boolean bigEndian, int[] s) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int s0 = s[0];
        int s1 = s[1];
        for (int i = off; i < off + len; i += 8) {
            s0 += bb.getInt(i) + s1;
            s1 += bb.getInt(i + 4) + s0;
        }
        s[0] = s0;
        s[1] = s1;
    }

    /**
     * Checks one frame ({@code frame} holds its header and page) against the header and the chain {@code s},
     * advancing {@code s} when it is valid.
     *
     * @return whether the frame is valid
     */
    static boolean validFrame(Header h, byte[] frame, int[] s) {
        ByteBuffer bb = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        if (!h.sameSalts(bb.getInt(8), bb.getInt(12)) || bb.getInt(0) == 0) {
            return false;
        }
        int[] next = s.clone();
        checksum(frame, 0, 8, h.bigEndian(), next);
        checksum(frame, FRAME_HEADER, h.pageSize(), h.bigEndian(), next);
        if (next[0] != bb.getInt(16) || next[1] != bb.getInt(20)) {
            return false;
        }
        s[0] = next[0];
        s[1] = next[1];
        return true;
    }

    static int pageNumber(byte[] frame) {
        return ByteBuffer.wrap(frame).getInt(0);
    }

    /** @return the database size in pages after the transaction this frame commits, or 0 when it commits none */
    static int commitSize(byte[] frame) {
        return ByteBuffer.wrap(frame).getInt(4);
    }
}
