package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The RDB of one server, received over a {@link ReplicationLink} on a thread of its own into a temporary
 * file ({@code dbsnap-redis-*.rdb}): the link is drained at the speed it delivers, so the server's fork
 * and replica buffer live no longer than they must, and the file's size (which the archive needs up
 * front) is known even for a diskless, end-marked transfer. Deleted by {@link #close()}.
 */
final class RdbCapture implements AutoCloseable {
    static final String SPOOL_SUFFIX = ".rdb";

    private final String host;
    private final int port;
    private final CompletableFuture<Integer> version = new CompletableFuture<>();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile ReplicationLink link;
    private volatile Path file;
    private volatile boolean closed;
    private final long limit;
    private volatile RdbReader.Summary summary;

    private RdbCapture(String host, int port, long limit) {
        this.host = host;
        this.port = port;
        this.limit = limit;
    }

    /**
     * Starts the sync on {@code link} (connected, not yet synced) and receives on a daemon thread.
     * Takes over the link.
     */
    static RdbCapture start(ReplicationLink link, String host, int port, long limit) {
        RdbCapture c = new RdbCapture(host, port, limit);
        c.link = link;
        Thread t = new Thread(c::run, "dbsnap-redis-rdb-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
        return c;
    }

    private void run() {
        try {
            file = Files.createTempFile(SpoolStagedRestore.SPOOL_PREFIX, SPOOL_SUFFIX);
            if (closed) {
                throw new DatabaseSourceException("redis: capture cancelled");
            }
            link.sync();
            if (closed) {
                throw new DatabaseSourceException("redis: capture cancelled");
            }
            version.complete(link.version());
            // read the RDB once, as it arrives: into the file and through the checking reader (CRC-64,
            // every record), so the check costs no time after the transfer
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                InputStream tee = new TeeInputStream(link.rdb(), out);
                try {
                    summary = new RdbReader(tee, "the RDB from " + address(), limit).read(-1, null);
                } catch (IOException e) {
                    if (e instanceof ReceiveException) {
                        throw link.receiveFailure((IOException) e.getCause());
                    }
                    throw new DatabaseSourceException("redis: " + e.getMessage() + "; nothing was stored", e);
                }
                out.flush();
                done.complete(Files.size(file));
            }
        } catch (Throwable t) {
            version.completeExceptionally(t);
            done.completeExceptionally(t);
        } finally {
            if (link != null) {
                link.close();
            }
        }
    }

    /** @return where the RDB comes from, {@code host:port} */
    String address() {
        return host + ":" + port;
    }

    /** Waits until the server's RDB header arrived (its fork has run). @return the RDB version */
    int version() {
        return await(version);
    }

    /** Waits until the whole RDB is in the file, checked. @return the file */
    Path file() {
        await(done);
        return file;
    }

    /** @return what the RDB held; after {@link #file()} */
    RdbReader.Summary summary() {
        await(done);
        return summary;
    }

    /** Copies what is read into {@code copy}; a failure of the source is marked as such. */
    private static final class TeeInputStream extends java.io.FilterInputStream {
        private final OutputStream copy;

        TeeInputStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw new ReceiveException(e);
            }
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }

    /** The link failed (as opposed to the RDB being malformed). */
    private static final class ReceiveException extends IOException {
        private static final long serialVersionUID = 1L;

        ReceiveException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(); // every read of the link is bounded by the timeout, so this ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseSourceException("redis: interrupted while receiving an RDB", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DatabaseSourceException d) {
                throw d;
            }
            throw new DatabaseSourceException("redis: receiving an RDB failed: " + c, c);
        }
    }

    /** Drops the link and deletes the file. Idempotent. */
    @Override
    public void close() {
        closed = true;
        ReplicationLink l = link;
        if (l != null) {
            l.close();
        }
        try {
            done.handle((v, t) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // handled above
        }
        Path f = file;
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a leftover is removed by cleanup()
            }
        }
    }
}
