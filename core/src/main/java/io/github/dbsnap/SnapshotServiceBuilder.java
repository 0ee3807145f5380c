package io.github.dbsnap;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.StorageProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds a {@link SnapshotService}; get one from {@link SnapshotService#builder()}. Mutable, not thread-safe. */
public final class SnapshotServiceBuilder {
    final Map<String, DatabaseSource> sources = new LinkedHashMap<>();
    final List<SnapshotListener> listeners = new ArrayList<>();
    StorageProvider storage;
    Compression compression = Compression.ZSTD;
    Integer level;
    int zstdWorkers = Math.min(4, Runtime.getRuntime().availableProcessors());
    String prefix = KeyTemplate.DEFAULT;
    AgeEncryption encryption;
    Clock clock = Clock.systemUTC();
    String hostname;
    Path tempDir;
    Duration staleAfter = SnapshotService.DEFAULT_STALE_AFTER;
    SnapshotSigning signing;
    boolean allowUnencrypted;
    boolean allowDatabaseMismatch;
    long maxExpansionRatio = DEFAULT_MAX_EXPANSION_RATIO;
    long expansionFloor = EXPANSION_FLOOR;
    final Map<String, Duration> pitr = new LinkedHashMap<>();
    Path pitrSpool;
    boolean pitrShipping = true;
    long pitrMaxSpoolBytes = DEFAULT_PITR_MAX_SPOOL;

    /** Default of {@link #pitrMaxSpool(long)}: 1 GiB of segments waiting for the storage. */
    public static final long DEFAULT_PITR_MAX_SPOOL = 1L << 30;
    /** Default shipping interval of {@link #pitr(String, Duration)}: one second. */
    public static final Duration DEFAULT_PITR_INTERVAL = Duration.ofSeconds(1);

    /** Default of {@link #maxExpansionRatio(long)}: 10,000 decompressed bytes per stored byte. */
    public static final long DEFAULT_MAX_EXPANSION_RATIO = 10_000;
    /** Decompressed bytes a snapshot may always have, whatever its expansion ratio: 1 GiB. */
    public static final long EXPANSION_FLOOR = 1L << 30;

    SnapshotServiceBuilder() {
    }

    /** Adds a database under a name such as {@code main} or {@code redis}; the service will close it. */
    public SnapshotServiceBuilder database(String name, DatabaseSource source) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new ConfigurationException("database name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        }
        sources.put(name, Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Sets where snapshots are stored (required); the service will close it. */
    public SnapshotServiceBuilder storage(StorageProvider storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        return this;
    }

    /** Sets the compression (default: {@link Compression#ZSTD}). */
    public SnapshotServiceBuilder compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /** Sets the compression level (default: the algorithm's default, zstd 3, gzip 6). */
    public SnapshotServiceBuilder compressionLevel(int level) {
        this.level = level;
        return this;
    }

    /** Sets zstd's worker threads (default: the number of cores, at most 4; 0 compresses on the producer thread). */
    public SnapshotServiceBuilder zstdWorkers(int workers) {
        if (workers < 0) {
            throw new ConfigurationException("zstd workers must be >= 0");
        }
        this.zstdWorkers = workers;
        return this;
    }

    /** Sets the object prefix template (default: {@value KeyTemplate#DEFAULT}). */
    public SnapshotServiceBuilder prefix(String template) {
        this.prefix = Objects.requireNonNull(template, "template");
        return this;
    }

    /** Sets age encryption (default: none; snapshots are then stored unencrypted). */
    public SnapshotServiceBuilder encryption(AgeEncryption encryption) {
        this.encryption = encryption;
        return this;
    }

    /** Encrypts every snapshot to these {@code age1…} recipients. */
    public SnapshotServiceBuilder encryptTo(String... recipients) {
        return encryption(AgeEncryption.of(List.of(recipients), List.of(), null));
    }

    /**
     * Sets snapshot signing and signature verification (default: none). With a signing key, every snapshot gets a
     * signed sidecar {@code <key>.sig}; with verification keys, restore and verify refuse any snapshot not signed by
     * one of them before reading it, and fail before the swap when its bytes are not the signed ones.
     */
    public SnapshotServiceBuilder signing(SnapshotSigning signing) {
        this.signing = signing;
        return this;
    }

    /**
     * Whether restore and verify accept an unencrypted snapshot although encryption is configured (default: false,
     * such a snapshot is refused whatever its name, as anyone who can write to the storage could have put it
     * there). Meant for reading snapshots taken before encryption was turned on.
     */
    public SnapshotServiceBuilder allowUnencrypted(boolean allow) {
        this.allowUnencrypted = allow;
        return this;
    }

    /**
     * Whether restore may put a snapshot of one database (the {@code database} of its {@code snapshot.json}) into
     * another (default: false). A snapshot of another source kind is always refused.
     */
    public SnapshotServiceBuilder allowDatabaseMismatch(boolean allow) {
        this.allowDatabaseMismatch = allow;
        return this;
    }

    /**
     * Sets the most decompressed bytes per stored byte that restore and verify read before refusing a snapshot
     * as a decompression bomb, once past {@link #EXPANSION_FLOOR} (default: {@link #DEFAULT_MAX_EXPANSION_RATIO};
     * 0: no limit).
     */
    public SnapshotServiceBuilder maxExpansionRatio(long ratio) {
        if (ratio < 0) {
            throw new ConfigurationException("the maximum expansion ratio must be >= 0 (0 = no limit)");
        }
        this.maxExpansionRatio = ratio;
        return this;
    }

    /** For tests: decompressed bytes always allowed whatever the ratio. */
    SnapshotServiceBuilder expansionFloor(long bytes) {
        this.expansionFloor = bytes;
        return this;
    }

    /** Adds a listener. */
    public SnapshotServiceBuilder listener(SnapshotListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Sets the clock used for snapshot times (default: the system UTC clock). */
    public SnapshotServiceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Sets the value of {@code ${hostname}} (default: this machine's host name). */
    public SnapshotServiceBuilder hostname(String hostname) {
        this.hostname = hostname;
        return this;
    }

    /**
     * Enables point-in-time recovery of a database whose source supports it (the {@code sqlite} source):
     * its write-ahead log is shipped every {@code interval} (default {@link #DEFAULT_PITR_INTERVAL}) as
     * segments beside the snapshots, from the moment the service is built until it is closed.
     *
     * @throws ConfigurationException (from {@link #build()}) when the database is unknown or its source
     *                                cannot ship a log
     */
    public SnapshotServiceBuilder pitr(String database, Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new ConfigurationException("the PITR interval of '" + database + "' must be positive");
        }
        pitr.put(database, interval);
        return this;
    }

    /**
     * Sets the directory where segments wait for the storage, one subdirectory per database; it must
     * survive a restart (default: {@code dbsnap-pitr} in {@link #tempDir(Path)}).
     */
    public SnapshotServiceBuilder pitrSpool(Path dir) {
        this.pitrSpool = dir;
        return this;
    }

    /**
     * Whether this service ships the logs enabled with {@link #pitr(String, Duration)} (default true); one-shot
     * tools (the CLI's {@code restore} and {@code list}) turn it off, so that only the host ships.
     */
    public SnapshotServiceBuilder pitrShipping(boolean ship) {
        this.pitrShipping = ship;
        return this;
    }

    /** Sets how many bytes of segments may wait for the storage before the spool is dropped and a new generation begins (default 1 GiB). */
    public SnapshotServiceBuilder pitrMaxSpool(long bytes) {
        if (bytes <= 0) {
            throw new ConfigurationException("pitrMaxSpool must be positive");
        }
        this.pitrMaxSpoolBytes = bytes;
        return this;
    }

    /** Sets where entries of unknown size are spooled (default: {@code java.io.tmpdir}). */
    public SnapshotServiceBuilder tempDir(Path dir) {
        this.tempDir = dir;
        return this;
    }

    /**
     * Sets the age after which leftovers of interrupted creates and restores are removed, once,
     * before this service's first create (default: {@link SnapshotService#DEFAULT_STALE_AFTER}; null: never
     * automatically, only through {@link SnapshotService#cleanup(Duration)}).
     */
    public SnapshotServiceBuilder staleAfter(Duration age) {
        if (age != null && age.isNegative()) {
            throw new ConfigurationException("staleAfter must not be negative");
        }
        this.staleAfter = age;
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
        return SnapshotService.create(this);
    }
}
