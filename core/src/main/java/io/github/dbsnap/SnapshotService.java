package io.github.dbsnap;

import io.github.dbsnap.archive.Manifest;
import io.github.dbsnap.archive.SnapshotArchiveReader;
import io.github.dbsnap.archive.SnapshotArchiveWriter;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.spi.StaleFiles;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
    private final Listeners listeners;
    private final CreatePipeline pipeline;
    private final SnapshotCatalog catalog;
    private final SnapshotOpener opener;
    private final Rekeyer rekeyer;
    private final Copier copier;
    private final Map<String, ReentrantLock> restoreLocks = new ConcurrentHashMap<>();
    private final ExecutorService producers;
    private final KeyAllocator keys;
    private final Duration staleAfter;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean allowDatabaseMismatch;
    private final PitrStore pitrStore;
    private final Map<String, PitrReplicator> replicators = new ConcurrentHashMap<>();

    private SnapshotService(SnapshotServiceBuilder b) {
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
        this.listeners = new Listeners(b.listeners);
        this.staleAfter = b.staleAfter;
        this.keys = new KeyAllocator(prefix, storage, ".tar." + compression.extension() + (encryption != null ? ".age" : ""),
                hostname);
        this.producers = Executors.newCachedThreadPool(DaemonThreads.factory("dbsnap-producer"));
        SnapshotAuthentication authentication = new SnapshotAuthentication(storage, b.signing);
        this.allowDatabaseMismatch = b.allowDatabaseMismatch;
        this.pipeline = new CreatePipeline(storage, compression, level, zstdWorkers, encryption, clock, tempDir,
                producers, listeners, authentication);
        this.opener = new SnapshotOpener(storage, encryption, producers, listeners, authentication, b.allowUnencrypted,
                b.maxExpansionRatio, b.expansionFloor);
        this.rekeyer = new Rekeyer(storage, encryption, authentication);
        this.copier = new Copier(storage, opener, b.signing, producers);
        this.catalog = new SnapshotCatalog(storage, prefix);
        this.pitrStore = new PitrStore(storage, prefix.listingPrefix(), encryption, opener);
        startPitr(b);
    }

    private void startPitr(SnapshotServiceBuilder b) {
        if (!b.pitrShipping) {
            return;
        }
        Path spoolRoot = b.pitrSpool != null ? b.pitrSpool : tempDir.resolve("dbsnap-pitr");
        for (Map.Entry<String, Duration> e : b.pitr.entrySet()) {
            String db = e.getKey();
            if (!(source(db) instanceof io.github.dbsnap.spi.WalSource wal)) {
                throw new ConfigurationException("point-in-time recovery needs a source that ships its log (sqlite); '"
                        + db + "' uses '" + source(db).kind() + "'");
            }
            PitrReplicator r = new PitrReplicator(db, pitrStore, spoolRoot.resolve(db), e.getValue(), b.pitrMaxSpoolBytes,
                    clock, () -> create(db));
            try {
                r.start(wal);
            } catch (IOException | RuntimeException ex) {
                r.close();
                replicators.values().forEach(PitrReplicator::close);
                throw new ConfigurationException("starting point-in-time recovery of '" + db + "' failed (spool "
                        + spoolRoot.resolve(db) + "): " + ex.getMessage());
            }
            replicators.put(db, r);
        }
    }

    /** @return a new builder */
    public static SnapshotServiceBuilder builder() {
        return new SnapshotServiceBuilder();
    }

    static SnapshotService create(SnapshotServiceBuilder b) {
        return new SnapshotService(b);
    }

    /** @return this library's version, e.g. {@code 0.1.0}, as written into every snapshot's {@code snapshot.json} */
    public static String version() {
        return io.github.dbsnap.archive.Formats.libraryVersion();
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
        listeners.add(listener);
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
            listeners.failure(database, Operation.CREATE, e);
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
                    return pipeline.store(database, source, r.key, r.createdAt);
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
     * @throws ConfigurationException    when the snapshot was taken by another kind of source, or of another
     *                                   database than the target (unless {@link SnapshotServiceBuilder#allowDatabaseMismatch})
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
            listeners.failure(target, Operation.RESTORE, e);
            throw e;
        }
    }

    /**
     * Restores a database to an instant from its point-in-time log: the newest generation whose snapshot
     * was stored at or before {@code at}, with every segment of that generation whose commits were read
     * at or before {@code at} replayed over it in staging; then checked and swapped in as any restore.
     *
     * @param at the instant, or {@link Instant#MAX} for the newest stored commit
     * @throws DbsnapException           when no generation reaches back to {@code at}
     * @throws CorruptSnapshotException  when a segment up to {@code at} is missing or damaged (naming it);
     *                                   the live database is unchanged and an earlier instant may still restore
     */
    public RestoreResult restore(String database, Instant at) {
        checkOpen();
        Objects.requireNonNull(at, "at");
        try {
            DatabaseSource source = source(database);
            if (!(source instanceof io.github.dbsnap.spi.WalSource wal)) {
                throw new ConfigurationException("database '" + database + "' uses the '" + source.kind()
                        + "' source, which keeps no point-in-time log");
            }
            PitrPlan plan = PitrPlan.choose(pitrStore, database, at);
            SnapshotInfo info = resolve(plan.generation().snapshotKey());
            ReentrantLock lock = restoreLocks.computeIfAbsent(database, k -> new ReentrantLock());
            lock.lock();
            try {
                return doRestore(database, source, info, reader -> wal.stage(reader, plan.segments(pitrStore)));
            } finally {
                lock.unlock();
            }
        } catch (DbsnapException e) {
            listeners.failure(database, Operation.RESTORE, e);
            throw e;
        }
    }

    /** @return the restorable windows of a database's point-in-time log, one per generation, oldest first */
    public List<PitrWindow> pitrWindows(String database) {
        checkOpen();
        return pitrStore.generations(database).stream().map(PitrPlan::window).toList();
    }

    /** @return the replication lag of a database shipping its log in this service, or empty when it does not */
    public Optional<PitrLag> pitrLag(String database) {
        PitrReplicator r = replicators.get(database);
        return r == null ? Optional.empty() : Optional.of(r.lag());
    }

    /**
     * Waits until every segment this service has spooled for a database is stored (for tests and orderly
     * shutdowns), for at most {@code timeout}.
     *
     * @return whether everything is stored
     */
    public boolean pitrFlush(String database, Duration timeout) throws InterruptedException {
        PitrReplicator r = replicators.get(database);
        return r == null || r.drain(timeout);
    }

    /** How a restore stages the archive it has opened. */
    private interface Stager {
        StagedRestore stage(SnapshotArchiveReader reader) throws IOException;
    }

    private RestoreResult doRestore(String target, DatabaseSource source, SnapshotInfo info) {
        return doRestore(target, source, info, reader -> SnapshotOpener.stage(source, reader, info, target));
    }

    private RestoreResult doRestore(String target, DatabaseSource source, SnapshotInfo info, Stager stager) {
        long started = System.nanoTime();
        Manifest manifest;
        String kind;
        try (SnapshotArchiveReader reader = opener.open(info, target, Operation.RESTORE)) {
            kind = reader.header().source();
            if (!kind.equals(source.kind())) {
                throw new ConfigurationException("snapshot '" + info.key() + "' was taken by the '" + kind
                        + "' source; database '" + target + "' uses the '" + source.kind() + "' source");
            }
            String taken = reader.header().database();
            if (!target.equals(taken) && !allowDatabaseMismatch) {
                throw new ConfigurationException("snapshot '" + info.key() + "' is of database '" + taken
                        + "', not '" + target + "'; refused. To restore it into '" + target
                        + "' on purpose, allow it (SNAPSHOTS_ALLOW_DATABASE_MISMATCH=1, or restore --allow-database-mismatch)");
            }
            long opened = System.nanoTime();
            try (StagedRestore staged = stager.stage(reader)) {
                manifest = reader.finish();
                long stagedAt = System.nanoTime();
                staged.commit();
                log.debug("timing restore: open {} ms, stage and verify {} ms, swap {} ms", (opened - started) / 1_000_000,
                        (stagedAt - opened) / 1_000_000, (System.nanoTime() - stagedAt) / 1_000_000);
            }
        } catch (IOException e) {
            throw SnapshotOpener.corrupt(info, e);
        }
        RestoreResult result = new RestoreResult(info, target, kind, manifest.counts(),
                Duration.ofNanos(System.nanoTime() - started));
        log.info("Snapshot {} restored into '{}' ({} ms)", info.uri(), target, result.took().toMillis());
        listeners.restored(result);
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
        try (SnapshotArchiveReader reader = opener.open(info, info.database(), Operation.VERIFY)) {
            Manifest manifest = reader.finish();
            List<VerifyResult.Entry> entries = manifest.entries().stream()
                    .map(e -> new VerifyResult.Entry(e.name(), e.size(), e.sha256())).toList();
            Instant completed = manifest.completedAt() == null ? null : Instant.parse(manifest.completedAt());
            VerifyResult result = new VerifyResult(info, reader.header().source(), entries, manifest.counts(), completed,
                    Duration.ofNanos(System.nanoTime() - started));
            listeners.verified(result);
            return result;
        } catch (IOException e) {
            DbsnapException c = SnapshotOpener.corrupt(info, e);
            listeners.failure(info.database(), Operation.VERIFY, c);
            throw c;
        } catch (DbsnapException e) {
            listeners.failure(info.database(), Operation.VERIFY, e);
            throw e;
        } catch (RuntimeException e) {
            DbsnapException c = new CorruptSnapshotException("snapshot '" + info.key() + "' is corrupt: " + e, e);
            listeners.failure(info.database(), Operation.VERIFY, c);
            throw c;
        }
    }

    /**
     * Rewrites the age header of encrypted snapshots for a new set of recipients (or a passphrase) without
     * re-encrypting their payloads: the file key is unwrapped with this service's identities or passphrase and
     * wrapped anew, and the payload is copied byte for byte into a new object next to the old one,
     * {@code <database>.tar.<ext>.rk-<tag>.age}, where the tag names the new recipient set (the word
     * {@code passphrase} for a passphrase). Nothing is overwritten: a snapshot whose target already exists is
     * skipped, so an interrupted run resumes where it stopped. The rekeyed objects list, restore and verify like
     * any snapshot. Snapshots are processed one at a time in key order; the first failure stops the run (what
     * was written before stays, and a rerun skips it). Armored sources are read; the output is armored when
     * {@code to} armors.
     *
     * @param uriOrPrefix a snapshot's URI or key, or a key prefix (every snapshot under it, of any database)
     * @param to          the keys to encrypt to; not null
     * @param deleteOld   whether to delete each source once its target exists
     * @return what was done, snapshot by snapshot
     * @throws SnapshotNotFoundException when a URI names a missing snapshot
     * @throws EncryptionException       when no configured key opens a snapshot (nothing is written for it)
     * @throws ConfigurationException    when {@code to} has nothing to encrypt to
     * @throws StorageException          when reading or writing fails
     */
    public RekeyResult rekey(String uriOrPrefix, AgeEncryption to, boolean deleteOld) {
        checkOpen();
        Objects.requireNonNull(uriOrPrefix, "uriOrPrefix");
        Objects.requireNonNull(to, "to");
        return rekeyer.rekey(catalog.select(uriOrPrefix), to, deleteOld);
    }

    /**
     * {@link #rekey(String, AgeEncryption, boolean)} for every snapshot of one database under the configured prefix.
     *
     * @param database a database name (need not be configured here)
     */
    public RekeyResult rekeyDatabase(String database, AgeEncryption to, boolean deleteOld) {
        checkOpen();
        Objects.requireNonNull(to, "to");
        List<SnapshotInfo> all = new ArrayList<>(catalog.list(database));
        all.sort(Comparator.comparing(SnapshotInfo::key));
        return rekeyer.rekey(all, to, deleteOld);
    }

    /**
     * Copies snapshots into another storage under the same keys, so that a service on the target with the same
     * prefix lists, verifies and restores them like its own. Each snapshot is streamed once: it is read and
     * checked as {@link #verify} checks it (signature when verification keys are set, age tags, compression, tar,
     * manifest, whole-object digest) while the target is written, and the target object becomes visible only
     * after every check passed; a failed check or upload leaves nothing at the target, and the source is never
     * changed. Memory stays bounded whatever the size.
     *
     * <p>With {@code reencryptTo}, an encrypted snapshot gets a new age header for those recipients (the payload
     * is copied byte for byte, as {@link #rekey} does), and an unencrypted one is encrypted ({@code .age} is then
     * appended to its key). The copy is signed when this service has a signing key; otherwise an unchanged copy
     * gets the source's signature sidecar. Beside each copy a small marker {@code <key>.copy} records the copy's
     * and the source's SHA-256: a snapshot whose copy the target already holds is skipped, so an interrupted bulk
     * copy resumes where it stopped. An object at a target key that is not a copy of the source is never
     * overwritten ({@link SnapshotExistsException}). Snapshots are copied one at a time in key order; the first
     * failure stops the run (what was copied before stays, and a rerun skips it).
     *
     * @param uriOrPrefix a snapshot's URI or key, or a key prefix (every snapshot under it, of any database)
     * @param target      where the copies go; not closed by this method
     * @param reencryptTo the keys to encrypt the copies to, or null to copy the bytes unchanged
     * @return what was done, snapshot by snapshot
     * @throws SnapshotNotFoundException when a URI names a missing snapshot
     * @throws CorruptSnapshotException  when a snapshot fails a check (nothing is written for it)
     * @throws EncryptionException       when no configured key opens an encrypted snapshot
     * @throws SnapshotExistsException   when the target holds another object under a snapshot's key
     * @throws StorageException          when reading or writing fails (nothing partial is left at the target)
     */
    public CopyResult copy(String uriOrPrefix, StorageProvider target, AgeEncryption reencryptTo) {
        checkOpen();
        Objects.requireNonNull(uriOrPrefix, "uriOrPrefix");
        Objects.requireNonNull(target, "target");
        return copier.copy(catalog.select(uriOrPrefix), target, reencryptTo);
    }

    /**
     * {@link #copy(String, StorageProvider, AgeEncryption)} with the bytes unchanged.
     */
    public CopyResult copy(String uriOrPrefix, StorageProvider target) {
        return copy(uriOrPrefix, target, null);
    }

    /**
     * Removes leftovers of creates and restores interrupted by a crash (temp files, open multipart
     * uploads, staging copies) in the storage and every source, when older than {@code olderThan}.
     * Stored snapshots and live data are never touched. The service also does this once, best-effort,
     * before its first create, with the builder's {@link SnapshotServiceBuilder#staleAfter(Duration)}.
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
        removed += catalog.removeOrphanSignatures(clock.instant().minus(olderThan));
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
        return catalog.list(database);
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

    /**
     * Deletes a snapshot, its signature and its copy marker, and the point-in-time generations that start
     * from it (their segments); deleting a missing snapshot is not an error.
     */
    public void delete(String uri) {
        checkOpen();
        SnapshotInfo info = resolve(uri);
        storage.delete(info.key());
        storage.delete(SnapshotAuthentication.sidecarKey(info.key()));
        storage.delete(CopyMarker.key(info.key()));
        log.info("Snapshot {} deleted", info.uri());
        // a generation of the point-in-time log cannot be restored without its snapshot: its segments go with it
        for (String gen : pitrStore.deleteGenerationsOf(info.database(), info.key())) {
            log.info("PITR generation {} of '{}' deleted with its snapshot", gen, info.database());
            PitrReplicator r = replicators.get(info.database());
            if (r != null) {
                r.dropped(gen);
            }
        }
    }

    /**
     * Resolves a restore URI to a snapshot of this storage.
     *
     * @param uri a key ({@code /prefix/main.tar.zst}, leading {@code /} optional) or a full URI
     * @throws SnapshotNotFoundException when there is no such object
     * @throws InvalidStorageKeyException       when it escapes the storage root, points elsewhere, or is not a snapshot name
     */
    public SnapshotInfo resolve(String uri) {
        return catalog.resolve(uri);
    }

    private DatabaseSource source(String database) {
        DatabaseSource s = sources.get(database);
        if (s == null) {
            throw new ConfigurationException("unknown database '" + database + "'; configured: "
                    + String.join(", ", new java.util.TreeSet<>(sources.keySet())));
        }
        return s;
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
        replicators.values().forEach(PitrReplicator::close);
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
}
