package io.github.dbsnap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between a producer thread and a consumer thread: at most
 * {@code chunks} chunks of {@code chunkSize} bytes are buffered. Either side can fail the pipe; the
 * other side then gets an {@link IOException} carrying the cause, so an upload reading from the pipe
 * aborts when the producer fails and the producer stops when the upload fails.
 */
public final class Pipe {
    private static final byte[] EOF = new byte[0];
    private static final long POLL_MS = 50;

    private final BlockingQueue<byte[]> queue;
    private final int chunkSize;
    private volatile Throwable producerFailure;
    private volatile Throwable consumerFailure;
    private volatile boolean consumerClosed;

    /** @param chunkSize bytes per chunk; @param chunks chunks buffered at most */
    public Pipe(int chunkSize, int chunks) {
        this.chunkSize = chunkSize;
        this.queue = new ArrayBlockingQueue<>(chunks);
    }

    /** @return a pipe of 64 KiB chunks holding at most 1 MiB */
    public static Pipe standard() {
        return new Pipe(64 * 1024, 16);
    }

    /** Marks the producer as failed; the consumer's next read throws with this cause. */
    public void failProducer(Throwable cause) {
        producerFailure = cause;
        queue.offer(EOF);
    }

    /** Marks the consumer as failed; the producer's next write throws with this cause. */
    public void failConsumer(Throwable cause) {
        consumerFailure = cause;
        consumerClosed = true;
        queue.clear();
    }

    /** @return the producer side; closing it signals the end of data */
    public OutputStream sink() {
        return new Sink();
    }

    /** @return the consumer side */
    public InputStream source() {
        return new Source();
    }

    /** Thrown to the producer when the consumer failed or stopped; the consumer's error is the one to report. */
    public static final class ConsumerStoppedException extends IOException {
        private static final long serialVersionUID = 1L;

        ConsumerStoppedException(Throwable cause) {
            super("snapshot stream consumer stopped", cause);
        }
    }

    private final class Sink extends OutputStream {
        private byte[] chunk = new byte[chunkSize];
        private int pos;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (pos == chunk.length) {
                push();
            }
            chunk[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (pos == chunk.length) {
                    push();
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(b, off, chunk, pos, n);
                pos += n;
                off += n;
                len -= n;
            }
        }

        private void push() throws IOException {
            checkConsumer();
            if (pos == 0) {
                return;
            }
            put(pos == chunk.length ? chunk : Arrays.copyOf(chunk, pos));
            chunk = new byte[chunkSize];
            pos = 0;
        }

        private void put(byte[] b) throws IOException {
            try {
                while (!queue.offer(b, POLL_MS, TimeUnit.MILLISECONDS)) {
                    checkConsumer();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing the snapshot stream");
            }
        }

        private void checkConsumer() throws IOException {
            if (consumerClosed) {
                throw new ConsumerStoppedException(consumerFailure);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            push();
            put(EOF);
        }
    }

    private final class Source extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        private boolean fill() throws IOException {
            while (pos == current.length) {
                if (eof) {
                    return false;
                }
                byte[] next;
                try {
                    do {
                        checkProducer();
                        next = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    } while (next == null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the snapshot stream");
                }
                if (next == EOF) {
                    checkProducer();
                    eof = true;
                    return false;
                }
                current = next;
                pos = 0;
            }
            return true;
        }

        private void checkProducer() throws IOException {
            Throwable failure = producerFailure;
            if (failure != null) {
                throw new IOException("snapshot stream producer failed: " + failure.getMessage(), failure);
            }
        }

        @Override
        public int read() throws IOException {
            return fill() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }

        @Override
        public void close() {
            if (!eof) {
                consumerClosed = true;
                queue.clear();
            }
        }
    }
}
