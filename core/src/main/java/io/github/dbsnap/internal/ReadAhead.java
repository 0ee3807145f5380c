package io.github.dbsnap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads a stream on another thread, ahead of its consumer, through a bounded {@link Pipe}, so that
 * the stages behind it (download, decryption, decompression) run on one core while the consumer
 * (tar parsing, hashing, the source's writes) runs on another. A failure of the reading side
 * reaches the consumer as the original exception, at its next read.
 */
public final class ReadAhead extends InputStream {
    private static final int BUFFER = 64 * 1024;

    private final Pipe pipe;
    private final InputStream source;

    private ReadAhead(Pipe pipe, InputStream in, ExecutorService executor) {
        this.pipe = pipe;
        this.source = pipe.source();
        executor.submit(() -> pump(in));
    }

    /**
     * @param in       read to its end on a thread of {@code executor}, and closed there
     * @param executor runs the reading side
     * @return a stream giving the bytes of {@code in}; closing it stops the reading side
     * @throws RejectedExecutionException when the executor is shut down ({@code in} is then closed)
     */
    public static InputStream start(InputStream in, ExecutorService executor) throws IOException {
        try {
            return new ReadAhead(Pipe.standard(), in, executor);
        } catch (RejectedExecutionException e) {
            in.close();
            throw e;
        }
    }

    private Void pump(InputStream in) throws Exception {
        try (in) {
            OutputStream sink = pipe.sink();
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) >= 0) {
                sink.write(buf, 0, n);
            }
            sink.close();
        } catch (Pipe.ConsumerStoppedException e) {
            // the consumer closed early; nothing to report
        } catch (Throwable t) {
            pipe.failProducer(t);
            throw t;
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        try {
            return source.read();
        } catch (IOException e) {
            throw original(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return source.read(b, off, len);
        } catch (IOException e) {
            throw original(e);
        }
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }

    /**
     * Stops the reading side if it has not finished: it notices at its next chunk (within one read of
     * its stream) and closes its stream. Not interrupted, so that a storage stream is never closed
     * half-way through a read.
     */
    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Rethrows what the reading side threw, so callers see the same exceptions as without read-ahead. */
    private static IOException original(IOException e) {
        Throwable cause = e.getCause();
        if (e instanceof Pipe.ConsumerStoppedException || cause == null || e.getClass() != IOException.class) {
            return e;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return e;
    }
}
