package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Future;

/**
 * Decrypts an age payload chunk by chunk; no byte of a chunk is returned before its Poly1305 tag verified.
 * A full-size chunk is the last one only when end of stream follows it, so a stream cut at a chunk boundary
 * fails authentication instead of looking complete.
 */
final class DecryptingInputStream extends InputStream {
    static final String TAMPERED = "snapshot failed age authentication (tampered or truncated)";
    private static final int SEALED = AgeFormat.CHUNK + Aead.TAG_LEN;
    private static final byte[] EMPTY = new byte[0];

    private final PushbackInputStream in;
    private final byte[] key;
    private final ChunkWorkers workers;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private long counter;
    private boolean lastQueued;
    private byte[] plain = EMPTY;
    private int pos;
    private EncryptionException failure;
    private boolean closed;

    DecryptingInputStream(InputStream in, byte[] payloadKey, ChunkWorkers workers) {
        this.in = new PushbackInputStream(in, 1);
        this.key = payloadKey;
        this.workers = workers;
    }

    @Override
    public int read() throws IOException {
        return fill() ? plain[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, plain.length - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return plain.length - pos;
    }

    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("age decrypting stream is closed");
        }
        if (failure != null) {
            throw failure;
        }
        try {
            while (pos == plain.length) {
                if (pending.isEmpty() && lastQueued) {
                    return false;
                }
                queue();
                plain = ChunkWorkers.await(pending.poll());
                pos = 0;
            }
            return true;
        } catch (EncryptionException e) {
            failure = e;
            throw e;
        }
    }

    /** Reads ahead up to the in-flight limit; the calling thread does all reading, workers only decrypt. */
    private void queue() throws IOException {
        while (!lastQueued && pending.size() < workers.maxInFlight()) {
            byte[] sealed = new byte[SEALED];
            int n = in.readNBytes(sealed, 0, SEALED);
            boolean last = n < SEALED || peekEof();
            if (n < Aead.TAG_LEN) {
                throw new EncryptionException(TAMPERED + ": the payload ends before its final chunk");
            }
            long c = counter++;
            lastQueued = last;
            pending.add(workers.submit(() -> open(c, last, sealed, n)));
        }
    }

    private byte[] open(long c, boolean last, byte[] sealed, int n) {
        if (last && c > 0 && n == Aead.TAG_LEN) {
            throw new EncryptionException(TAMPERED + ": empty final chunk");
        }
        byte[] out = new byte[n - Aead.TAG_LEN];
        try {
            Aead.open(key, AgeFormat.chunkNonce(c, last), sealed, 0, n, out);
        } catch (AEADBadTagException e) {
            throw new EncryptionException(TAMPERED + " at payload chunk " + c);
        }
        return out;
    }

    private boolean peekEof() throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.unread(b);
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pending.forEach(f -> f.cancel(false));
        pending.clear();
        Arrays.fill(key, (byte) 0);
        in.close();
    }
}
