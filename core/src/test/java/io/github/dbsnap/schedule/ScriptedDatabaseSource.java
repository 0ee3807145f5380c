package io.github.dbsnap.schedule;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of our own SPI: a source that writes one small entry, and can be told to fail the
 * next dumps or to block each dump until the test releases it.
 */
final class ScriptedDatabaseSource implements DatabaseSource {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger dumps = new AtomicInteger();
    private volatile boolean blocking;
    private final Semaphore entered = new Semaphore(0);
    private final Semaphore gate = new Semaphore(0);

    /** The next {@code n} dumps fail with a {@link DatabaseSourceException}. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    /** Every dump from now on waits for {@link #release()}. */
    void block() {
        blocking = true;
    }

    /** Lets one blocked dump go on. */
    void release() {
        gate.release();
    }

    /** Waits until a dump has started (and is blocked). */
    boolean awaitEntered(long seconds) throws InterruptedException {
        return entered.tryAcquire(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    int dumps() {
        return dumps.get();
    }

    @Override
    public String kind() {
        return "scripted";
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        dumps.incrementAndGet();
        if (blocking) {
            entered.release();
            try {
                gate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseSourceException("dump interrupted", e);
            }
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DatabaseSourceException("scripted failure");
        }
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        out.write("data.txt", data.length, new ByteArrayInputStream(data));
        return new DumpResult(Map.of("rows", 1L));
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        Optional<ArchiveEntry> e;
        while ((e = in.next()).isPresent()) {
            e.get().content().readAllBytes();
        }
        return new StagedRestore() {
            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
