package io.github.dbsnap;

import io.github.dbsnap.archive.Compressors;
import io.github.dbsnap.archive.Formats;
import io.github.dbsnap.archive.Manifest;
import io.github.dbsnap.archive.SnapshotArchiveWriter;
import io.github.dbsnap.archive.SnapshotHeader;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.CountingInputStream;
import io.github.dbsnap.internal.Pipe;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Stores one snapshot: a producer thread runs source → tar → compression → age into a bounded pipe
 * while the calling thread hands the pipe to the storage provider. A producer failure fails the pipe
 * before anything is closed, so the provider never sees what looks like a complete stream.
 */
final class CreatePipeline {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final StorageProvider storage;
    private final Compression compression;
    private final int level;
    private final int zstdWorkers;
    private final AgeEncryption encryption;
    private final Clock clock;
    private final Path tempDir;
    private final ExecutorService producers;
    private final Listeners listeners;
    private final SnapshotAuthentication authentication;

    CreatePipeline(StorageProvider storage, Compression compression, int level, int zstdWorkers, AgeEncryption encryption,
                   Clock clock, Path tempDir, ExecutorService producers, Listeners listeners,
                   SnapshotAuthentication authentication) {
        this.authentication = authentication;
        this.storage = storage;
        this.compression = compression;
        this.level = level;
        this.zstdWorkers = zstdWorkers;
        this.encryption = encryption;
        this.clock = clock;
        this.tempDir = tempDir;
        this.producers = producers;
        this.listeners = listeners;
    }

    SnapshotInfo store(String database, DatabaseSource source, String key, Instant createdAt) {
        boolean encrypted = encryption != null;
        long started = System.nanoTime();
        SnapshotHeader header = new SnapshotHeader(Formats.FORMAT, database, source.kind(), createdAt.toString(),
                Formats.libraryVersion(), compression.id(), encrypted, source.metadata());
        Pipe pipe = Pipe.standard();
        Future<Manifest> producer = producers.submit(() -> produce(pipe, source, header));
        StoredObject stored = null;
        RuntimeException storageError = null;
        // the digest of exactly the bytes the provider stored, for the signature
        SnapshotAuthentication.Digesting digest = new SnapshotAuthentication.Digesting(pipe.source());
        try (CountingInputStream in = new CountingInputStream(digest,
                bytes -> listeners.progress(database, Operation.CREATE, bytes))) {
            stored = storage.write(key, in);
            log.debug("timing create: storage write returned after {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            storageError = new StorageException("storing snapshot '" + key + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            storageError = e;
        }
        if (storageError != null) {
            pipe.failConsumer(storageError);
        }
        StoredObject storedObject = stored;
        Manifest manifest = PipeProducer.await(producer, () -> {
            if (storedObject != null) {
                storage.delete(key);
            }
        }, e -> asCreateFailure(database, e));
        if (storageError != null) {
            throw storageError;
        }
        if (authentication.signs()) {
            authentication.signOrRemove(key, digest, stored);
        }
        SnapshotInfo info = new SnapshotInfo(key, storage.uri(key), database, stored.size(), createdAt,
                compression, encrypted, header.metadata());
        SnapshotStats stats = new SnapshotStats(manifest.entries().stream().mapToLong(Manifest.Entry::size).sum(),
                manifest.entries().size(), Duration.ofNanos(System.nanoTime() - started));
        log.info("Snapshot {} of '{}' stored ({} bytes from {} bytes of data, {} entries, {} ms)", info.uri(), database,
                info.size(), stats.dataSize(), stats.entries(), stats.took().toMillis());
        listeners.created(info, stats);
        return info;
    }

    private Manifest produce(Pipe pipe, DatabaseSource source, SnapshotHeader header) throws Exception {
        long started = System.nanoTime();
        SnapshotArchiveWriter writer = null;
        try {
            OutputStream out = pipe.sink();
            if (encryption != null) {
                out = encryption.encrypt(out);
            }
            out = Compressors.compress(out, compression, level, compression == Compression.ZSTD ? zstdWorkers : 0);
            writer = new SnapshotArchiveWriter(out, header, tempDir);
            DumpResult result = source.dump(writer);
            Manifest manifest = writer.finish(result.counts(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            writer.close();
            log.debug("timing create: source dump, tar, compression and encryption done after {} ms",
                    (System.nanoTime() - started) / 1_000_000);
            return manifest;
        } catch (Throwable t) {
            // fail the pipe before closing anything, so that the closing bytes never look like a complete stream
            pipe.failProducer(t);
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException | RuntimeException ignored) {
                    // the original failure is what matters
                }
            }
            throw t;
        }
    }

    private static DbsnapException asCreateFailure(String database, Throwable t) {
        if (t instanceof DbsnapException d) {
            return d;
        }
        if (t instanceof IOException) {
            return new StorageException("snapshot of '" + database + "' failed: " + t.getMessage(), t);
        }
        return new DbsnapException("snapshot of '" + database + "' failed: " + t, t);
    }
}
