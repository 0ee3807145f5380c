package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.DaemonThreads;
import io.github.dbsnap.spi.EntryWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes one logical entry of unknown size as bounded parts, so that producing it (a {@code COPY} or a
 * row loop, on a daemon thread) overlaps the archive's write of the parts already produced. The producer
 * writes into temp files of at most {@code partSize} bytes in {@code dir}; the calling thread hands each
 * finished file to the {@link EntryWriter} with its size known and deletes it. At most {@code ahead}
 * parts are spooled ahead of the one being written, so the disk used is bounded by
 * {@code (ahead + 1) × partSize} whatever the table's size.
 *
 * <p>Entry names: a content that fits in one part keeps the entry's own name ({@code tables/t.csv}), so
 * small tables look exactly as before; a longer one becomes {@code tables/t.csv.part-000001},
 * {@code …part-000002}, … in order, every part but the last exactly {@code partSize} bytes, and
 * {@link PartReader} concatenates them back into one stream.
 *
 * <p>Failures travel both ways: a failing producer ends {@link #write} with its own exception; a failing
 * archive write makes the producer's next write fail (which cancels a {@code COPY}), and {@link #write}
 * returns only once the producer has stopped, with every temp file deleted. Files left by a killed
 * process carry {@link #TEMP_PREFIX} and are removed by {@link JdbcSource#cleanup}. Not thread-safe: one
 * entry at a time.
 */
final class PartWriter implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PartWriter.class);
    /** Name prefix of the part spools, known to {@link JdbcSource#cleanup}. */
    static final String TEMP_PREFIX = ".dbsnap-jdbc-part-";
    static final String TEMP_SUFFIX = ".tmp";
    /** Between an entry's name and the 6-digit number of a part. */
    static final String PART_MARK = ".part-";
    static final long DEFAULT_PART_SIZE = 64L * 1024 * 1024;
    static final int DEFAULT_AHEAD = 2;
    private static final int BUFFER = 64 * 1024;

    /** Writes the content of one entry into {@code to} (not to be closed); runs on the producer thread. */
    interface Producer<T> {
        T produce(OutputStream to) throws IOException, SQLException;
    }

    private final EntryWriter out;
    private final Path dir;
    private final long partSize;
    private final int ahead;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.factory("dbsnap-jdbc-dump"));

    /**
     * @param dir      where parts are spooled
     * @param partSize the size of every part but the last
     * @param ahead    how many parts may be spooled ahead of the one being written (at least 2: one
     *                 waiting, one being produced)
     */
    PartWriter(EntryWriter out, Path dir, long partSize, int ahead) {
        if (partSize < 1 || ahead < 2) {
            throw new IllegalArgumentException("partSize must be positive and ahead at least 2");
        }
        this.out = out;
        this.dir = dir;
        this.partSize = partSize;
        this.ahead = ahead;
    }

    /** @return the name of part {@code index} (from 1) of {@code entry} */
    static String partName(String entry, int index) {
        return entry + PART_MARK + String.format("%06d", index);
    }

    /** Temp directory of the part spools: {@code java.io.tmpdir}, as the core's own spool by default. */
    static Path defaultDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Writes the entry {@code entry} as {@code producer} produces it.
     *
     * @return what the producer returned
     */
    <T> T write(String entry, Producer<T> producer) throws IOException, SQLException {
        Handoff<T> handoff = new Handoff<>(ahead);
        thread.execute(() -> handoff.run(producer));
        Throwable failure = null;
        boolean ended = false;
        long started = System.nanoTime();
        long waiting = 0;
        long bytes = 0;
        try {
            for (int index = 1; ; index++) {
                long t0 = System.nanoTime();
                Part p = handoff.ready.take();
                waiting += System.nanoTime() - t0;
                ended = p.last;
                if (p.failure != null) {
                    return rethrow(p.failure);
                }
                String name = index == 1 && p.last ? entry : partName(entry, index);
                try (InputStream in = Files.newInputStream(p.file)) {
                    out.write(name, p.size, in);
                }
                handoff.delete(p.file);
                bytes += p.size;
                if (p.last) {
                    long total = System.nanoTime() - started;
                    log.debug("Entry {}: {} bytes in {} part(s) in {} ms; the archive wrote for {} ms and waited {} ms for parts",
                            entry, bytes, index, total / 1_000_000, (total - waiting) / 1_000_000, waiting / 1_000_000);
                    return handoff.result;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
            throw new InterruptedIOException("interrupted while writing entry '" + entry + "'");
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (failure != null && !ended) {
                handoff.cancel();
            }
            handoff.deleteAll();
        }
    }

    private static <T> T rethrow(Throwable t) throws IOException, SQLException {
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof SQLException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** A finished part, the last one, or the producer's failure (always the last item). */
    private record Part(Path file, long size, boolean last, Throwable failure) {
    }

    /** What the two threads share for one entry. */
    private final class Handoff<T> {
        final BlockingQueue<Part> ready;
        final Set<Path> files = ConcurrentHashMap.newKeySet();
        volatile boolean cancelled;
        volatile T result;

        Handoff(int ahead) {
            // one part is being spooled while up to ahead - 1 wait: ahead parts ahead of the one being written
            this.ready = new ArrayBlockingQueue<>(ahead - 1);
        }

        /** The producer thread: always ends by handing over exactly one last part or one failure. */
        void run(Producer<T> producer) {
            Rolling to = new Rolling(this);
            Part end;
            try {
                T r = producer.produce(to);
                result = r;
                end = to.finish();
            } catch (Throwable t) {
                to.abandon();
                end = new Part(null, 0, true, t);
            }
            try {
                ready.put(end);
            } catch (InterruptedException e) {
                // only close() interrupts, once the dump is over; nobody waits for this part
                Thread.currentThread().interrupt();
            }
        }

        /** The writer failed: lets the producer fail at its next write and waits until it has stopped. */
        void cancel() {
            cancelled = true;
            boolean interrupted = false;
            while (true) {
                try {
                    Part p = ready.take();
                    if (p.file != null) {
                        deleteQuietly(p.file);
                    }
                    if (p.last) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        Path create() throws IOException {
            Path f = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
            files.add(f);
            return f;
        }

        void delete(Path f) throws IOException {
            Files.deleteIfExists(f);
            files.remove(f);
        }

        void deleteAll() {
            files.forEach(this::deleteQuietly);
        }

        void deleteQuietly(Path f) {
            try {
                delete(f);
            } catch (IOException e) {
                f.toFile().deleteOnExit();
            }
        }
    }

    /** The producer's stream: rolls over to a new part file when a byte would exceed {@code partSize}. */
    private final class Rolling extends OutputStream {
        private final Handoff<?> handoff;
        private Path file;
        private OutputStream os;
        private long size;

        Rolling(Handoff<?> handoff) {
            this.handoff = handoff;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (handoff.cancelled) {
                throw new IOException("the archive write failed; producing the entry stopped");
            }
            while (len > 0) {
                if (os == null) {
                    file = handoff.create();
                    os = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
                    size = 0;
                } else if (size == partSize) {
                    os.close();
                    os = null;
                    Path full = file;
                    file = null;
                    hand(new Part(full, size, false, null));
                    continue;
                }
                int n = (int) Math.min(len, partSize - size);
                os.write(b, off, n);
                size += n;
                off += n;
                len -= n;
            }
        }

        private void hand(Part p) throws IOException {
            try {
                handoff.ready.put(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing over a part");
            }
            if (handoff.cancelled) {
                throw new IOException("the archive write failed; producing the entry stopped");
            }
        }

        /** @return the last part (an empty one for an empty content) */
        Part finish() throws IOException {
            if (os == null) {
                file = handoff.create();
                size = 0;
            } else {
                os.close();
                os = null;
            }
            return new Part(file, size, true, null);
        }

        void abandon() {
            if (os != null) {
                try {
                    os.close();
                } catch (IOException e) {
                    // the file is deleted below anyway
                }
                os = null;
            }
            if (file != null) {
                handoff.deleteQuietly(file);
            }
        }
    }
}
