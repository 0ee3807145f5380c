package io.github.dbsnap;

import io.github.dbsnap.spi.DaemonThreads;
import io.github.dbsnap.spi.WalShipper;
import io.github.dbsnap.spi.WalSink;
import io.github.dbsnap.spi.WalSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Continuous WAL shipping of one database: a shipper thread runs the source's {@link WalShipper} every
 * interval (local disk only, so the host's writes never wait for the storage), and an uploader thread
 * stores the spooled segments in order, retrying with back-off while the storage is unreachable. The
 * spool is bounded: past the bound it is dropped and the next cycle starts a new generation.
 */
final class PitrReplicator implements WalSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PitrReplicator.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String database;
    private final PitrStore store;
    private final Path spool;
    private final Path queueDir;
    private final Duration interval;
    private final long maxSpoolBytes;
    private final Clock clock;
    private final Supplier<SnapshotInfo> snapshot;
    private final ConcurrentLinkedDeque<Queued> queue = new ConcurrentLinkedDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Object wake = new Object();
    private volatile boolean closed;
    private volatile Instant lastCycle;
    private volatile Instant storedUpTo = Instant.EPOCH;
    private volatile String gap;
    private volatile String generation;
    private volatile long droppedBytes;
    private volatile WalShipper shipper;
    private final List<Thread> threads = new ArrayList<>();

    private record Queued(Path file, String key, Instant time, long size) {
    }

    PitrReplicator(String database, PitrStore store, Path spool, Duration interval, long maxSpoolBytes, Clock clock,
                   Supplier<SnapshotInfo> snapshot) {
        this.database = database;
        this.store = store;
        this.spool = spool;
        this.queueDir = spool.resolve("queue");
        this.interval = interval;
        this.maxSpoolBytes = maxSpoolBytes;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    void start(WalSource source) throws IOException {
        Files.createDirectories(queueDir);
        requeueLeftovers();
        shipper = source.shipper(this);
        threads.add(DaemonThreads.factory("dbsnap-pitr-ship-" + database).newThread(this::shipLoop));
        threads.add(DaemonThreads.factory("dbsnap-pitr-upload-" + database).newThread(this::uploadLoop));
        threads.forEach(Thread::start);
    }

    /** Segments spooled before a crash or restart are uploaded first, in generation and index order. */
    private void requeueLeftovers() throws IOException {
        try (Stream<Path> files = Files.walk(queueDir, 2)) {
            files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).forEach(f -> {
                String gen = f.getParent().getFileName().toString();
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    f.toFile().delete();
                    return;
                }
                long size = f.toFile().length();
                queue.add(new Queued(f, store.key(database, gen, name), clock.instant(), size));
                queuedBytes.addAndGet(size);
            });
        }
        if (!queue.isEmpty()) {
            log.info("Resuming the upload of {} spooled WAL segments of '{}'", queue.size(), database);
        }
    }

    @Override
    public String newGeneration(String reason) {
        SnapshotInfo info = snapshot.get();
        String generation = PitrStore.COMPACT.format(info.createdAt());
        store.writeMarker(database, generation, info.key(), clock.instant(), reason);
        this.generation = generation;
        droppedBytes = 0;
        gap = null; // only once the new generation exists: a failed snapshot is retried by the next cycle
        log.info("PITR of '{}': generation {} begins with snapshot {} ({})", database, generation, info.key(), reason);
        return generation;
    }

    /** @return why the next cycle must start a new generation, or null */
    @Override
    public String gap() {
        return gap;
    }

    @Override
    public Path spoolDir() {
        return spool;
    }

    @Override
    public void add(String generation, long index, long firstFrame, Instant time, Path payload) {
        String name = store.segmentName(index, firstFrame, time);
        try {
            Path dir = Files.createDirectories(queueDir.resolve(generation));
            Path tmp = dir.resolve(name + ".tmp");
            store.encode(payload, tmp);
            Path file = Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long size = Files.size(file);
            queue.add(new Queued(file, store.key(database, generation, name), time, size));
            if (queuedBytes.addAndGet(size) > maxSpoolBytes) {
                dropSpool();
            }
        } catch (IOException e) {
            throw new DatabaseSourceException("spooling WAL segment " + name + " of '" + database + "' in " + queueDir
                    + " failed: " + e.getMessage(), e);
        } finally {
            payload.toFile().delete();
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Retention removed a generation; when it is the one being shipped, the next cycle begins a new one. */
    void dropped(String removed) {
        if (removed.equals(generation)) {
            gap = "retention deleted the snapshot of generation " + removed;
        }
    }

    private void dropSpool() {
        long bytes = queuedBytes.get();
        droppedBytes += bytes;
        Queued q;
        while ((q = queue.poll()) != null) {
            q.file.toFile().delete();
            queuedBytes.addAndGet(-q.size);
        }
        gap = "the spool of unstored segments passed its bound of " + maxSpoolBytes + " bytes (" + bytes
                + ") while the storage was unreachable; it was dropped";
        log.warn("PITR of '{}': {}; a new generation starts when the storage is back", database, gap);
    }

    private void shipLoop() {
        String lastError = null;
        while (!closed) {
            Instant started = clock.instant();
            try {
                shipper.ship();
                lastCycle = started;
                lastError = null;
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastError)) {
                    log.warn("PITR of '{}': shipping failed, retrying every {} ms: {}", database, interval.toMillis(), e.getMessage());
                }
                lastError = String.valueOf(e.getMessage());
            }
            pause(interval);
        }
    }

    private void uploadLoop() {
        Duration backoff = interval;
        String lastError = null;
        while (!closed) {
            Queued q = queue.peek();
            if (q == null) {
                pause(interval);
                continue;
            }
            try {
                try (var in = Files.newInputStream(q.file)) {
                    store.storage().write(q.key, in);
                } catch (SnapshotExistsException e) {
                    log.debug("Segment {} was stored before a restart", q.key);
                }
                queue.remove(q);
                storedUpTo = q.time;
                queuedBytes.addAndGet(-q.size);
                Files.deleteIfExists(q.file);
                if (lastError != null) {
                    log.info("PITR of '{}': storing segments works again", database);
                }
                backoff = interval;
                lastError = null;
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastError)) {
                    log.warn("PITR of '{}': storing segment {} failed, retrying with back-off up to {} s; segments wait "
                            + "in {}: {}", database, q.key, MAX_BACKOFF.toSeconds(), queueDir, e.getMessage());
                }
                lastError = String.valueOf(e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Waits for {@code d} or until work arrives or the replicator closes. */
    private void pause(Duration d) {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(Math.max(1, d.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Waits for {@code d} whatever arrives, unless the replicator closes. */
    private void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        synchronized (wake) {
            long left;
            while (!closed && (left = end - System.nanoTime()) > 0) {
                try {
                    wake.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** @return how far the stored log is behind the live database */
    PitrLag lag() {
        Instant now = clock.instant();
        Queued oldest = queue.peek();
        Instant point = oldest == null ? (lastCycle != null ? lastCycle : storedUpTo)
                : storedUpTo.equals(Instant.EPOCH) ? oldest.time : storedUpTo;
        Duration seconds = point.equals(Instant.EPOCH) ? Duration.ZERO : Duration.between(point, now);
        WalShipper s = shipper;
        return new PitrLag(database, point, seconds.isNegative() ? Duration.ZERO : seconds,
                queuedBytes.get() + droppedBytes + (s == null ? 0 : s.unshippedBytes()), queue.size());
    }

    /** Waits until every segment spooled so far is stored, for at most {@code timeout}; @return whether it is */
    boolean drain(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return queue.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shipper != null) {
            shipper.close();
        }
    }
}
