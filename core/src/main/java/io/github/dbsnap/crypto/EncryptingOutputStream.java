package io.github.dbsnap.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Future;

/**
 * Encrypts an age payload in 64 KiB STREAM chunks. One chunk is held back until more data arrives, because only
 * {@link #close()} knows which chunk is the last one; sealed chunks are written to the wrapped stream in order.
 */
final class EncryptingOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] key;
    private final ChunkWorkers workers;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private byte[] buf = new byte[AgeFormat.CHUNK];
    private int pos;
    private long counter;
    private boolean closed;

    EncryptingOutputStream(OutputStream out, byte[] payloadKey, ChunkWorkers workers) {
        this.out = out;
        this.key = payloadKey;
        this.workers = workers;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (pos == AgeFormat.CHUNK) {
            seal(false);
        }
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (pos == AgeFormat.CHUNK) {
                seal(false);
            }
            int n = Math.min(len, AgeFormat.CHUNK - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Writes every sealed chunk; the partial chunk stays buffered, since it may not be the last one. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        while (!pending.isEmpty()) {
            out.write(ChunkWorkers.await(pending.poll()));
        }
        out.flush();
    }

    /** Seals the final chunk, writes everything and closes the wrapped stream. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            seal(true);
            while (!pending.isEmpty()) {
                out.write(ChunkWorkers.await(pending.poll()));
            }
        } finally {
            pending.forEach(f -> f.cancel(false));
            pending.clear();
            Arrays.fill(key, (byte) 0);
        }
    }

    private void seal(boolean last) throws IOException {
        byte[] plain = buf;
        int n = pos;
        long c = counter++;
        buf = last ? null : new byte[AgeFormat.CHUNK];
        pos = 0;
        pending.add(workers.submit(() -> {
            byte[] sealed = new byte[n + Aead.TAG_LEN];
            Aead.seal(key, AgeFormat.chunkNonce(c, last), plain, 0, n, sealed);
            return sealed;
        }));
        while (pending.size() > workers.maxInFlight()) {
            out.write(ChunkWorkers.await(pending.poll()));
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("age encrypting stream is closed");
        }
    }
}
