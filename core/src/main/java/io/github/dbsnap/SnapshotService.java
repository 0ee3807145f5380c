package io.github.dbsnap;

import io.github.dbsnap.archive.Compressors;
import io.github.dbsnap.archive.Formats;
import io.github.dbsnap.archive.Manifest;
import io.github.dbsnap.archive.SnapshotArchiveReader;
import io.github.dbsnap.archive.SnapshotArchiveWriter;
import io.github.dbsnap.archive.SnapshotHeader;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.CountingInputStream;
import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.internal.Pipe;
import io.github.dbsnap.internal.ReadAhead;
import io.github.dbsnap.internal.StaleFiles;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;

/**
 * Takes, lists, verifies, restores and deletes snapshots of named databases in one storage.
 *
 * <p>Create streams source → tar → compression → age → storage with bounded memory; the object
 * appears in storage only when complete. Restore decodes into the source's staging area, checks
 * every checksum, the manifest and every age tag, and only then swaps the live data; on any failure
 * the live data is unchanged and one exception says why. Restores of one database are serialised.
 *
 * <p>Thread-safe. The service owns the storage provider and sources given to its builder and closes
 * them in {@link #close()}.
 */
public final class SnapshotService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
    /** Leftovers older than this are removed before the first create: 24 hours, longer than any upload. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);
    private static final java.util.regex.Pattern SNAPSHOT_NAME =
            java.util.regex.Pattern.compile("(?:.*/)?([^/]+)\\.tar\\.(zst|gz)(\\.age)?");

    private final Map<String, DatabaseSource> sources;
    private final StorageProvider storage;
    private final Compression compression;
    private final int level;
    private final int zstdWorkers;
    private final KeyTemplate prefix;
    private final AgeEncryption encryption;
    private final Clock clock;
    private final String hostname;
    private final Path tempDir;
    private final List<SnapshotListener> listeners;
    private final Map<String, ReentrantLock> restoreLocks = new ConcurrentHashMap<>();
    private final ExecutorService producers;
    private final KeyAllocator keys;
    private final Duration staleAfter;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SnapshotService(Builder b) {
        this.sources = Map.copyOf(b.sources);
        this.storage = b.storage;
        this.compression = b.compression;
        this.level = b.level == null ? b.compression.defaultLevel() : b.compression.checkLevel(b.level);
        this.zstdWorkers = b.zstdWorkers;
        this.prefix = KeyTemplate.parse(b.prefix);
        this.encryption = b.encryption;
        this.clock = b.clock;
        this.hostname = b.hostname != null ? b.hostname : Hostnames.local();
        this.tempDir = b.tempDir != null ? b.tempDir : Path.of(System.getProperty("java.io.tmpdir"));
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.staleAfter = b.staleAfter;
        this.keys = new KeyAllocator(prefix, storage, ".tar." + compression.extension() + (encryption != null ? ".age" : ""),
                hostname);
        AtomicInteger n = new AtomicInteger();
        this.producers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dbsnap-producer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a service from configuration, creating the storage provider and sources through
     * {@link java.util.ServiceLoader}.
     *
     * @throws ConfigurationException when a provider or source is unknown or misconfigured
     */
    public static SnapshotService fromConfig(SnapshotConfig config) {
        return builder().config(config).build();
    }

    /** @return the configured database names */
    public Set<String> databases() {
        return sources.keySet();
    }

    /** @return the storage provider this service writes to */
    public StorageProvider storage() {
        return storage;
    }

    /** Adds a listener; listeners are called in the order they were added. */
    public void addListener(SnapshotListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(SnapshotListener listener) {
        listeners.remove(listener);
    }

    /**
     * Takes a snapshot of one database and stores it as {@code <prefix>/<database>.tar.<ext>[.age]}.
     *
     * <p>Concurrent creates of one database (in this service or in other processes sharing the
     * storage) get distinct keys: when the key of the creation millisecond is taken, the creation
     * instant moves forward one millisecond at a time (at most one second) until a key is free.
     *
     * @return the stored snapshot
     * @throws ConfigurationException   when the database is not configured
     * @throws SnapshotExistsException  when the key exists already and the prefix template has no
     *                                  {@code ${iso_date()}} to move past it; nothing is ever overwritten
     * @throws DatabaseSourceException  when the database could not be read
     * @throws StorageException         when storing failed; no partial object is left
     */
    public SnapshotInfo create(String database) {
        checkOpen();
        DatabaseSource source = source(database);
        cleanupOnce();
        try {
            return doCreate(database, source);
        } catch (DbsnapException e) {
            fireFailure(database, Operation.CREATE, e);
            throw e;
        }
    }

    /** Creates attempts in this service and other processes can race for one key; the loser moves on. */
    private static final int MAX_CREATE_ATTEMPTS = 5;

    private SnapshotInfo doCreate(String database, DatabaseSource source) {
        Instant earliest = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 1; ; attempt++) {
            try (KeyAllocator.Reservation r = keys.reserve(database, earliest)) {
                try {
                    return createAt(database, source, r.key, r.createdAt);
                } catch (SnapshotExistsException e) {
                    // another process stored this key between our check and our write
                    if (!keys.dated() || attempt == MAX_CREATE_ATTEMPTS) {
                        throw e;
                    }
                    log.debug("Key {} was taken by another writer; taking the snapshot again", r.key);
                    earliest = r.createdAt.plusMillis(1);
                }
            }
        }
    }

    private SnapshotInfo createAt(String database, DatabaseSource source, String key, Instant createdAt) {
        boolean encrypted = encryption != null;
        long started = System.nanoTime();
        SnapshotHeader header = new SnapshotHeader(Formats.FORMAT, database, source.kind(), createdAt.toString(),
                Formats.libraryVersion(), compression.id(), encrypted, source.metadata());
        Pipe pipe = Pipe.standard();
        Future<Manifest> producer = producers.submit(() -> produce(pipe, source, header));
        StoredObject stored = null;
        RuntimeException storageError = null;
        try (CountingInputStream in = new CountingInputStream(pipe.source(),
                bytes -> fireProgress(database, Operation.CREATE, bytes))) {
            stored = storage.write(key, in);
        } catch (IOException e) {
            storageError = new StorageException("storing snapshot '" + key + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            storageError = e;
        }
        if (storageError != null) {
            pipe.failConsumer(storageError);
        }
        Manifest manifest = null;
        Throwable producerError = null;
        try {
            manifest = producer.get();
        } catch (ExecutionException e) {
            producerError = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.cancel(true);
            producerError = e;
        }
        if (producerError != null && !(producerError instanceof Pipe.ConsumerStoppedException)) {
            if (stored != null) {
                storage.delete(key);
            }
            throw asCreateFailure(database, producerError);
        }
        if (storageError != null) {
            throw storageError;
        }
        SnapshotInfo info = new SnapshotInfo(key, storage.uri(key), database, stored.size(), createdAt,
                compression, encrypted);
        SnapshotStats stats = new SnapshotStats(manifest.entries().stream().mapToLong(Manifest.Entry::size).sum(),
                manifest.entries().size(), Duration.ofNanos(System.nanoTime() - started));
        log.info("Snapshot {} of '{}' stored ({} bytes from {} bytes of data, {} entries, {} ms)", info.uri(), database,
                info.size(), stats.dataSize(), stats.entries(), stats.took().toMillis());
        for (SnapshotListener l : listeners) {
            safely(() -> l.onCreated(info, stats));
        }
        return info;
    }

    private Manifest produce(Pipe pipe, DatabaseSource source, SnapshotHeader header) throws Exception {
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

    /**
     * Restores a snapshot into the database named in its file name.
     *
     * @param uri a key under this storage ({@code /…/main.tar.zst}) or a full URI ({@code s3://…}, {@code file:///…})
     * @see #restore(String, String)
     */
    public RestoreResult restore(String uri) {
        return restore(null, uri);
    }

    /**
     * Restores a snapshot into a database. Nothing reaches the live database unless every check
     * passed; on any failure the live database is exactly as it was.
     *
     * @param database the target database, or null to take it from the snapshot's file name
     * @param uri      a key under this storage or a full URI
     * @throws SnapshotNotFoundException when there is no such snapshot
     * @throws CorruptSnapshotException  when it is truncated, tampered with or incomplete
     * @throws EncryptionException       when it cannot be decrypted with the configured keys
     * @throws DatabaseSourceException   when staging or swapping failed
     */
    public RestoreResult restore(String database, String uri) {
        checkOpen();
        SnapshotInfo info = resolve(uri);
        String target = database != null ? database : info.database();
        try {
            DatabaseSource source = source(target);
            ReentrantLock lock = restoreLocks.computeIfAbsent(target, k -> new ReentrantLock());
            lock.lock();
            try {
                return doRestore(target, source, info);
            } finally {
                lock.unlock();
            }
        } catch (DbsnapException e) {
            fireFailure(target, Operation.RESTORE, e);
            throw e;
        }
    }

    private RestoreResult doRestore(String target, DatabaseSource source, SnapshotInfo info) {
        long started = System.nanoTime();
        Manifest manifest;
        String kind;
        try (SnapshotArchiveReader reader = open(info, target, Operation.RESTORE)) {
            kind = reader.header().source();
            if (!kind.equals(source.kind())) {
                throw new ConfigurationException("snapshot '" + info.key() + "' was taken by the '" + kind
                        + "' source; database '" + target + "' uses the '" + source.kind() + "' source");
            }
            try (StagedRestore staged = source.stage(reader)) {
                manifest = reader.finish();
                staged.commit();
            }
        } catch (IOException e) {
            throw corrupt(info, e);
        }
        RestoreResult result = new RestoreResult(info, target, kind, manifest.counts(),
                Duration.ofNanos(System.nanoTime() - started));
        log.info("Snapshot {} restored into '{}' ({} ms)", info.uri(), target, result.took().toMillis());
        for (SnapshotListener l : listeners) {
            safely(() -> l.onRestored(result));
        }
        return result;
    }

    /**
     * Downloads, decrypts and decompresses a snapshot and checks every checksum, the manifest and
     * every age tag. Restores nothing.
     *
     * @throws SnapshotNotFoundException, CorruptSnapshotException, EncryptionException as for restore
     */
    public VerifyResult verify(String uri) {
        checkOpen();
        SnapshotInfo info = resolve(uri);
        long started = System.nanoTime();
        try (SnapshotArchiveReader reader = open(info, info.database(), Operation.VERIFY)) {
            Manifest manifest = reader.finish();
            List<VerifyResult.Entry> entries = manifest.entries().stream()
                    .map(e -> new VerifyResult.Entry(e.name(), e.size(), e.sha256())).toList();
            Instant completed = manifest.completedAt() == null ? null : Instant.parse(manifest.completedAt());
            VerifyResult result = new VerifyResult(info, reader.header().source(), entries, manifest.counts(), completed,
                    Duration.ofNanos(System.nanoTime() - started));
            for (SnapshotListener l : listeners) {
                safely(() -> l.onVerified(result));
            }
            return result;
        } catch (IOException e) {
            DbsnapException c = corrupt(info, e);
            fireFailure(info.database(), Operation.VERIFY, c);
            throw c;
        } catch (DbsnapException e) {
            fireFailure(info.database(), Operation.VERIFY, e);
            throw e;
        } catch (RuntimeException e) {
            DbsnapException c = new CorruptSnapshotException("snapshot '" + info.key() + "' is corrupt: " + e, e);
            fireFailure(info.database(), Operation.VERIFY, c);
            throw c;
        }
    }

    private SnapshotArchiveReader open(SnapshotInfo info, String database, Operation op) throws IOException {
        InputStream in = new CountingInputStream(storage.read(info.key()), bytes -> fireProgress(database, op, bytes));
        InputStream decoded;
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
            InputStream plain = buffered;
            if (Compressors.startsWith(Compressors.peek(buffered, Formats.AGE_MAGIC.length), Formats.AGE_MAGIC)) {
                if (encryption == null || !encryption.canDecrypt()) {
                    throw new EncryptionException("snapshot '" + info.key() + "' is age-encrypted and no identity "
                            + "is configured to decrypt it; set SNAPSHOTS_AGE_SECRET_KEY to the age identity (secret key) "
                            + "matching the public key it was encrypted to, or SNAPSHOTS_ENCRYPTION_KEY to that identity or the passphrase");
                }
                plain = new BufferedInputStream(encryption.decrypt(buffered), 64 * 1024);
            }
            BufferedInputStream compressed = plain instanceof BufferedInputStream b ? b : new BufferedInputStream(plain);
            Compression c = Compressors.detect(compressed);
            decoded = Compressors.decompress(compressed, c);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        // download, decryption and decompression run on a producer thread, ahead of the tar reader and
        // the source, which then have a core of their own; from here that thread owns (and closes) `in`
        InputStream ahead = ReadAhead.start(decoded, producers);
        try {
            return new SnapshotArchiveReader(ahead);
        } catch (IOException | RuntimeException e) {
            ahead.close();
            throw e;
        }
    }

    private static DbsnapException corrupt(SnapshotInfo info, IOException e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof DbsnapException)) {
            t = t.getCause();
        }
        if (t instanceof DbsnapException d) {
            return d;
        }
        return new CorruptSnapshotException("snapshot '" + info.key() + "' is truncated or corrupt: " + e.getMessage(), e);
    }

    /**
     * Removes leftovers of creates and restores interrupted by a crash (temp files, open multipart
     * uploads, staging copies) in the storage and every source, when older than {@code olderThan}.
     * Stored snapshots and live data are never touched. The service also does this once, best-effort,
     * before its first create, with the builder's {@link Builder#staleAfter(Duration)}.
     *
     * @param olderThan leftovers younger than this are kept, as they may belong to a write still running elsewhere
     * @return how many leftovers were removed
     * @throws StorageException        when the storage could not be cleaned
     * @throws DatabaseSourceException when a source could not be cleaned
     */
    public int cleanup(Duration olderThan) {
        checkOpen();
        Objects.requireNonNull(olderThan, "olderThan");
        int removed = storage.cleanup(olderThan);
        try {
            removed += StaleFiles.remove(tempDir, SnapshotArchiveWriter.SPOOL_PREFIX, ".tmp", olderThan);
        } catch (IOException e) {
            log.warn("Could not remove old spool files in {}: {}", tempDir, e.toString());
        }
        for (DatabaseSource s : sources.values()) {
            removed += s.cleanup(olderThan);
        }
        if (removed > 0) {
            log.info("Removed {} leftovers of interrupted snapshots older than {}", removed, olderThan);
        }
        return removed;
    }

    private void cleanupOnce() {
        if (staleAfter == null || !cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            cleanup(staleAfter);
        } catch (RuntimeException e) {
            log.warn("Could not remove leftovers of interrupted snapshots: {}", e.getMessage());
        }
    }

    /**
     * Lists the snapshots of one database, newest first.
     *
     * @param database a database name (need not be configured here, to list another host's snapshots)
     */
    public List<SnapshotInfo> list(String database) {
        checkOpen();
        List<SnapshotInfo> out = new ArrayList<>();
        var pattern = prefix.keyPattern(database);
        for (StoredObject o : storage.list(prefix.listingPrefix())) {
            Matcher m = pattern.matcher(o.key());
            if (m.matches()) {
                Instant created = KeyTemplate.dateOf(m).orElse(o.lastModified());
                out.add(new SnapshotInfo(o.key(), storage.uri(o.key()), database, o.size(), created,
                        compressionOf(m.group("ext")), m.group("age") != null));
            }
        }
        out.sort(Comparator.comparing(SnapshotInfo::createdAt).thenComparing(SnapshotInfo::key).reversed());
        return out;
    }

    /** @return the snapshots of every configured database, newest first */
    public List<SnapshotInfo> list() {
        List<SnapshotInfo> all = new ArrayList<>();
        for (String db : sources.keySet()) {
            all.addAll(list(db));
        }
        all.sort(Comparator.comparing(SnapshotInfo::createdAt).thenComparing(SnapshotInfo::key).reversed());
        return all;
    }

    /** @return the newest snapshot of a database, if any */
    public Optional<SnapshotInfo> latest(String database) {
        List<SnapshotInfo> all = list(database);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Deletes a snapshot; deleting a missing snapshot is not an error. */
    public void delete(String uri) {
        checkOpen();
        SnapshotInfo info = resolve(uri);
        storage.delete(info.key());
        log.info("Snapshot {} deleted", info.uri());
    }

    /**
     * Resolves a restore URI to a snapshot of this storage.
     *
     * @param uri a key ({@code /prefix/main.tar.zst}, leading {@code /} optional) or a full URI
     * @throws SnapshotNotFoundException when there is no such object
     * @throws InvalidKeyException       when it escapes the storage root, points elsewhere, or is not a snapshot name
     */
    public SnapshotInfo resolve(String uri) {
        String key = SnapshotUris.toKey(storage, uri);
        Matcher m = SNAPSHOT_NAME.matcher(key);
        if (!m.matches()) {
            throw new InvalidKeyException("'" + uri + "' is not a snapshot name; expected …/<database>.tar.zst or .tar.gz, optionally .age");
        }
        StoredObject o = storage.stat(key)
                .orElseThrow(() -> new SnapshotNotFoundException(key, storage.location().toString()));
        Matcher dated = prefix.keyPattern(m.group(1)).matcher(key);
        Instant created = dated.matches() ? KeyTemplate.dateOf(dated).orElse(o.lastModified()) : o.lastModified();
        return new SnapshotInfo(key, storage.uri(key), m.group(1), o.size(), created, compressionOf(m.group(2)),
                m.group(3) != null);
    }

    private static Compression compressionOf(String ext) {
        return Compression.fromExtension(ext);
    }

    private DatabaseSource source(String database) {
        DatabaseSource s = sources.get(database);
        if (s == null) {
            throw new ConfigurationException("unknown database '" + database + "'; configured: "
                    + String.join(", ", new java.util.TreeSet<>(sources.keySet())));
        }
        return s;
    }

    private void fireProgress(String database, Operation op, long bytes) {
        for (SnapshotListener l : listeners) {
            safely(() -> l.onProgress(database, op, bytes));
        }
    }

    private void fireFailure(String database, Operation op, DbsnapException e) {
        log.debug("{} of '{}' failed: {}", op, database, e.getMessage());
        for (SnapshotListener l : listeners) {
            safely(() -> l.onFailure(database, op, e));
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Snapshot listener failed: {}", e.toString());
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("SnapshotService is closed");
        }
    }

    /** Closes the sources and the storage provider. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        producers.shutdownNow();
        for (DatabaseSource s : sources.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("Closing source failed: {}", e.toString());
            }
        }
        try {
            storage.close();
        } catch (RuntimeException e) {
            log.warn("Closing storage failed: {}", e.toString());
        }
    }

    /** Builds a {@link SnapshotService}. Mutable, not thread-safe. */
    public static final class Builder {
        private final Map<String, DatabaseSource> sources = new LinkedHashMap<>();
        private final List<SnapshotListener> listeners = new ArrayList<>();
        private StorageProvider storage;
        private Compression compression = Compression.ZSTD;
        private Integer level;
        private int zstdWorkers = Math.min(4, Runtime.getRuntime().availableProcessors());
        private String prefix = KeyTemplate.DEFAULT;
        private AgeEncryption encryption;
        private Clock clock = Clock.systemUTC();
        private String hostname;
        private Path tempDir;
        private Duration staleAfter = DEFAULT_STALE_AFTER;

        private Builder() {
        }

        /** Adds a database under a name such as {@code main} or {@code redis}; the service will close it. */
        public Builder database(String name, DatabaseSource source) {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new ConfigurationException("database name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
            }
            sources.put(name, Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Sets where snapshots are stored (required); the service will close it. */
        public Builder storage(StorageProvider storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Sets the compression (default: {@link Compression#ZSTD}). */
        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /** Sets the compression level (default: the algorithm's default, zstd 3, gzip 6). */
        public Builder compressionLevel(int level) {
            this.level = level;
            return this;
        }

        /** Sets zstd's worker threads (default: the number of cores, at most 4; 0 compresses on the producer thread). */
        public Builder zstdWorkers(int workers) {
            if (workers < 0) {
                throw new ConfigurationException("zstd workers must be >= 0");
            }
            this.zstdWorkers = workers;
            return this;
        }

        /** Sets the object prefix template (default: {@value KeyTemplate#DEFAULT}). */
        public Builder prefix(String template) {
            this.prefix = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Sets age encryption (default: none; snapshots are then stored unencrypted). */
        public Builder encryption(AgeEncryption encryption) {
            this.encryption = encryption;
            return this;
        }

        /** Encrypts every snapshot to these {@code age1…} recipients. */
        public Builder encryptTo(String... recipients) {
            return encryption(AgeEncryption.of(List.of(recipients), List.of(), null));
        }

        /** Adds a listener. */
        public Builder listener(SnapshotListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Sets the clock used for snapshot times (default: the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the value of {@code ${hostname}} (default: this machine's host name). */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Sets where entries of unknown size are spooled (default: {@code java.io.tmpdir}). */
        public Builder tempDir(Path dir) {
            this.tempDir = dir;
            return this;
        }

        /**
         * Sets the age after which leftovers of interrupted creates and restores are removed, once,
         * before this service's first create (default: {@link SnapshotService#DEFAULT_STALE_AFTER}; null: never
         * automatically, only through {@link SnapshotService#cleanup(Duration)}).
         */
        public Builder staleAfter(Duration age) {
            if (age != null && age.isNegative()) {
                throw new ConfigurationException("staleAfter must not be negative");
            }
            this.staleAfter = age;
            return this;
        }

        /** Applies a configuration: storage, sources, compression, prefix and encryption. */
        public Builder config(SnapshotConfig config) {
            List<AutoCloseable> opened = new ArrayList<>();
            try {
                StorageProvider s = StorageProviders.create(config.storageProvider(), config.storage());
                opened.add(s);
                Map<String, DatabaseSource> created = new LinkedHashMap<>();
                for (var e : config.databases().entrySet()) {
                    DatabaseSource src = DatabaseSources.create(e.getValue().source(), e.getValue().settings());
                    opened.add(src);
                    created.put(e.getKey(), src);
                }
                storage(s);
                created.forEach(this::database);
            } catch (RuntimeException e) {
                for (AutoCloseable c : opened) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // reporting the configuration problem matters more
                    }
                }
                throw e;
            }
            compression(config.compression());
            config.compressionLevel().ifPresent(this::compressionLevel);
            prefix(config.prefix());
            config.encryption().ifPresent(this::encryption);
            return this;
        }

        /**
         * @return a new service
         * @throws ConfigurationException when storage is missing or a setting is invalid
         */
        public SnapshotService build() {
            if (storage == null) {
                throw new ConfigurationException("no storage provider configured");
            }
            return new SnapshotService(this);
        }
    }
}
