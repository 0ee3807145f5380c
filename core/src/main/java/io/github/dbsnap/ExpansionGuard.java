package io.github.dbsnap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Stops reading a snapshot whose decompressed bytes outgrow its stored bytes by more than a ratio, once past a
 * floor: a small "bomb" would otherwise keep verify and restore busy for minutes or hours, and fill staging.
 */
final class ExpansionGuard extends FilterInputStream {
    private final LongSupplier stored;
    private final long ratio;
    private final long floor;
    private final String key;
    private long count;

    /**
     * @param stored how many stored (compressed) bytes were read so far
     * @param ratio  most decompressed bytes per stored byte
     * @param floor  decompressed bytes always allowed, whatever the ratio
     */
    ExpansionGuard(InputStream decompressed, LongSupplier stored, long ratio, long floor, String key) {
        super(decompressed);
        this.stored = stored;
        this.ratio = ratio;
        this.floor = floor;
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(n);
        add(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) {
        count += n;
        if (count > floor && count / ratio > stored.getAsLong()) {
            throw new CorruptSnapshotException("snapshot '" + key + "' expands more than " + ratio + " times ("
                    + count + " bytes from " + stored.getAsLong() + " stored); refused as a decompression bomb. "
                    + "If it is genuine, raise SNAPSHOTS_MAX_EXPANSION_RATIO (0 = no limit)");
        }
    }
}
