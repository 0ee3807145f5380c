package io.github.dbsnap.config;

import io.github.dbsnap.Compression;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.SnapshotServiceBuilder;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.DatabaseSources;
import io.github.dbsnap.notify.WebhookNotifier;
import io.github.dbsnap.schedule.SnapshotScheduler;
import io.github.dbsnap.schedule.SnapshotSchedulerBuilder;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.status.StatusTracker;
import io.github.dbsnap.status.StatusTrackerBuilder;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.crypto.AgeEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.EnvReader;
import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.schedule.RetentionPolicy;
import io.github.dbsnap.spi.ProviderConfig;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything needed to build a {@link SnapshotService}, usually read from the environment with
 * {@link #fromEnvironment(Map)}. Immutable and thread-safe; {@link #toString()} hides secrets.
 */
public final class SnapshotConfig {
    /** Default local snapshot directory. */
    public static final String DEFAULT_LOCAL_DIR = "./data/snapshots";
    /** Default main database URL. */
    public static final String DEFAULT_MAIN_URL = "jdbc:sqlite:./data/main.db";
    private static final Logger log = LoggerFactory.getLogger(SnapshotConfig.class);
    private static final Set<String> DATABASE_RESERVED = Set.of("URL", "SOURCE", "SCHEDULE");

    private final boolean enabled;
    private final String storageProvider;
    private final ProviderConfig storage;
    private final String prefix;
    private final Compression compression;
    private final Integer compressionLevel;
    private final Map<String, DatabaseConfig> databases;
    private final AgeEncryption encryption;
    private final Map<String, String> environment;
    private final ScheduleSettings scheduling;
    private final OperabilitySettings operability;
    private final TrustSettings trust;

    /**
     * One database to snapshot.
     *
     * @param source   the source factory name ({@code sqlite}, {@code jdbc}, {@code redis})
     * @param settings the source's settings ({@code url}, …)
     */
    public record DatabaseConfig(String source, ProviderConfig settings) {
        /** Validates the components. */
        public DatabaseConfig {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(settings, "settings");
        }
    }

    private SnapshotConfig(boolean enabled, String storageProvider, ProviderConfig storage, String prefix,
                           Compression compression, Integer compressionLevel, Map<String, DatabaseConfig> databases,
                           AgeEncryption encryption, Map<String, String> environment, ScheduleSettings scheduling,
                           OperabilitySettings operability, TrustSettings trust) {
        this.trust = trust;
        this.enabled = enabled;
        this.storageProvider = storageProvider;
        this.storage = storage;
        this.prefix = prefix;
        this.compression = compression;
        this.compressionLevel = compressionLevel;
        this.databases = Map.copyOf(databases);
        this.encryption = encryption;
        this.environment = Map.copyOf(environment);
        this.scheduling = scheduling;
        this.operability = operability;
    }

    /**
     * Reads the {@code SNAPSHOTS_*} variables (also spelled {@code SNAPHOSTS_*}, also as {@code *_FILE}).
     * See docs/configuration.md for every name and default.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @throws ConfigurationException listing every invalid or conflicting setting (never their secret values)
     */
    public static SnapshotConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        boolean enabled = r.get("ENABLED").map(v -> !v.equals("0") && !v.equalsIgnoreCase("false")).orElse(true);

        String provider = r.get("STORAGE_PROVIDER").orElse("local").toLowerCase(Locale.ROOT);
        Map<String, String> storage = new LinkedHashMap<>();
        if (provider.equals("local")) {
            storage.put("dir", DEFAULT_LOCAL_DIR);
        }
        String storagePrefix = "STORAGE_" + provider.toUpperCase(Locale.ROOT) + "_";
        for (String name : r.namesStartingWith(storagePrefix)) {
            r.get(name).ifPresent(v -> storage.put(settingKey(name.substring(storagePrefix.length())), v));
        }

        String prefix = r.get("DB_PREFIX").orElse(KeyTemplate.DEFAULT);
        try {
            KeyTemplate.parse(prefix);
        } catch (ConfigurationException e) {
            r.problem("SNAPSHOTS_DB_PREFIX: " + e.getMessage());
        }

        Compression compression = Compression.ZSTD;
        Integer level = null;
        Optional<String> comp = r.get("COMPRESSION");
        if (comp.isPresent()) {
            String[] parts = comp.get().split(":", 2);
            try {
                compression = Compression.fromId(parts[0]);
                if (parts.length == 2) {
                    level = compression.checkLevel(Integer.parseInt(parts[1].strip()));
                }
            } catch (NumberFormatException e) {
                r.problem("SNAPSHOTS_COMPRESSION '" + comp.get() + "' has a level that is not a number; use e.g. zstd:9");
            } catch (ConfigurationException e) {
                r.problem("SNAPSHOTS_COMPRESSION: " + e.getMessage());
            }
        }

        Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
        String mainUrl = r.get("MAIN_URL").orElse(DEFAULT_MAIN_URL);
        String mainSource = r.get("MAIN_SOURCE").map(s -> s.toLowerCase(Locale.ROOT))
                .orElse(mainUrl.startsWith("jdbc:sqlite:") ? "sqlite" : "jdbc");
        if (!mainUrl.startsWith("jdbc:")) {
            r.problem("SNAPSHOTS_MAIN_URL must be a JDBC URL such as jdbc:sqlite:./data/main.db");
        }
        databases.put("main", new DatabaseConfig(mainSource, databaseSettings(r, "MAIN_", mainUrl)));
        Optional<String> redisUrl = r.get("REDIS_URL").or(() -> r.raw("REDIS_URL"));
        redisUrl.ifPresent(url -> databases.put("redis", new DatabaseConfig("redis", databaseSettings(r, "REDIS_", url))));

        AgeEncryption encryption = readEncryption(r);
        ScheduleSettings scheduling = ScheduleSettings.read(r, databases.keySet());
        OperabilitySettings operability = OperabilitySettings.read(r);
        TrustSettings trust = TrustSettings.read(r);

        if (!r.problems().isEmpty()) {
            throw new ConfigurationException(r.problems());
        }
        return new SnapshotConfig(enabled, provider, ProviderConfig.of(storage), prefix, compression, level,
                databases, encryption, env, scheduling, operability, trust);
    }

    private static ProviderConfig databaseSettings(EnvReader r, String namePrefix, String url) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", url);
        for (String name : r.namesStartingWith(namePrefix)) {
            String rest = name.substring(namePrefix.length());
            if (!DATABASE_RESERVED.contains(rest)) {
                r.get(name).ifPresent(v -> settings.put(settingKey(rest), v));
            }
        }
        return ProviderConfig.of(settings);
    }

    private static AgeEncryption readEncryption(EnvReader r) {
        List<String> recipients = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        char[] passphrase = null;
        Optional<String> key = r.get("ENCRYPTION_KEY");
        if (key.isPresent()) {
            String k = key.get();
            if (k.contains("\n") && k.contains("AGE-SECRET-KEY-")) {
                identities.addAll(AgeEncryption.identitiesIn(k));
            } else if (k.startsWith("age1")) {
                recipients.add(k);
            } else if (k.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-")) { // X25519 or PQ
                identities.add(k);
            } else {
                passphrase = k.toCharArray();
            }
        }
        r.get("AGE_PUBLIC_KEY").ifPresent(v -> recipients.addAll(splitList(v)));
        r.get("AGE_SECRET_KEY").ifPresent(v -> identities.addAll(v.contains("\n")
                ? AgeEncryption.identitiesIn(v) : splitList(v)));
        if (recipients.isEmpty() && identities.isEmpty() && passphrase == null) {
            return null;
        }
        try {
            return AgeEncryption.of(recipients, identities, passphrase);
        } catch (DbsnapException e) {
            r.problem("encryption settings: " + e.getMessage());
            return null;
        }
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split("[,\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** {@code ACCESS_KEY_ID} → {@code access-key-id}. */
    static String settingKey(String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return false when {@code SNAPSHOTS_ENABLED=0} */
    public boolean enabled() {
        return enabled;
    }

    /** @return the storage provider name ({@code local} by default) */
    public String storageProvider() {
        return storageProvider;
    }

    /** @return the provider's settings: {@code SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID} → {@code access-key-id} */
    public ProviderConfig storage() {
        return storage;
    }

    /** @return the object prefix template */
    public String prefix() {
        return prefix;
    }

    /** @return the compression */
    public Compression compression() {
        return compression;
    }

    /** @return the compression level when one was given */
    public Optional<Integer> compressionLevel() {
        return Optional.ofNullable(compressionLevel);
    }

    /** @return the databases by name ({@code main}, and {@code redis} when a Redis URL is set) */
    public Map<String, DatabaseConfig> databases() {
        return databases;
    }

    /** @return the encryption settings, when any key or passphrase is configured */
    public Optional<AgeEncryption> encryption() {
        return Optional.ofNullable(encryption);
    }

    /**
     * @return snapshot signing and verification ({@code SNAPSHOTS_SIGNING_KEY}, {@code SNAPSHOTS_VERIFY_KEY}; each
     *         also as {@code _FILE}), when either is set
     */
    public Optional<SnapshotSigning> signing() {
        return trust.signing();
    }

    /** @return whether unencrypted snapshots are read although encryption is configured ({@code SNAPSHOTS_ALLOW_UNENCRYPTED=1}) */
    public boolean allowUnencrypted() {
        return trust.allowUnencrypted();
    }

    /** @return whether a snapshot of one database may be restored into another ({@code SNAPSHOTS_ALLOW_DATABASE_MISMATCH=1}) */
    public boolean allowDatabaseMismatch() {
        return trust.allowDatabaseMismatch();
    }

    /** @return the decompression bound ({@code SNAPSHOTS_MAX_EXPANSION_RATIO}, default 10000, 0 = none) */
    public long maxExpansionRatio() {
        return trust.maxExpansionRatio();
    }

    /**
     * @return the cron expression of each database that has one: {@code SNAPSHOTS_<DB>_SCHEDULE},
     *         else {@code SNAPSHOTS_CRON_SCHEDULE}; databases without either are absent
     */
    public Map<String, String> schedules() {
        return scheduling.schedules();
    }

    /** @return the cron expression for verifying the newest snapshot of each database ({@code SNAPSHOTS_VERIFY_SCHEDULE}) */
    public Optional<String> verifySchedule() {
        return scheduling.verifySchedule();
    }

    /** @return the zone of the cron expressions and of retention days ({@code SNAPSHOTS_SCHEDULE_TIMEZONE}, default UTC) */
    public ZoneId zone() {
        return scheduling.zone();
    }

    /** @return the retention applied after each scheduled snapshot ({@code SNAPSHOTS_RETENTION_*}; default keeps everything) */
    public RetentionPolicy retention() {
        return scheduling.retention();
    }

    /**
     * @return the Redis URL through which schedulers on several instances coordinate
     *         ({@code SNAPSHOTS_LOCK_REDIS_URL}); a secret: it may carry a password, never print it
     */
    public Optional<String> lockRedisUrl() {
        return scheduling.lockRedisUrl();
    }

    /**
     * @return how old the newest snapshot of a database may get before its status is STALE, whatever
     *         its schedule ({@code SNAPSHOTS_STATUS_MAX_AGE}, e.g. {@code 36h}; an addition to the
     *         design's configuration table; default: none, only the schedule counts)
     */
    public Optional<Duration> statusMaxAge() {
        return operability.statusMaxAge();
    }

    /**
     * @return the URL requested (GET) after each successful scheduled snapshot, for dead-man's-switch
     *         monitors ({@code SNAPSHOTS_NOTIFY_HEARTBEAT_URL}); a secret: it may carry a token, never print it
     */
    public Optional<URI> notifyHeartbeatUrl() {
        return operability.heartbeatUrl();
    }

    /**
     * @return the URL a JSON description of each failed scheduled run is POSTed to
     *         ({@code SNAPSHOTS_NOTIFY_FAILURE_URL}); a secret: it may carry a token, never print it
     */
    public Optional<URI> notifyFailureUrl() {
        return operability.failureUrl();
    }

    /**
     * Reads a further setting by its name without prefix, under either spelling or as {@code _FILE}.
     *
     * @throws ConfigurationException when both spellings are set differently
     */
    public Optional<String> setting(String name) {
        EnvReader r = new EnvReader(environment);
        Optional<String> v = r.get(name);
        if (!r.problems().isEmpty()) {
            throw new ConfigurationException(r.problems());
        }
        return v;
    }

    /**
     * A service builder with this configuration applied: storage provider and database sources
     * (created through {@link java.util.ServiceLoader}), compression, prefix and encryption. Further
     * builder settings (clock, listeners, temp dir) may follow before {@code build()}.
     *
     * @return a new builder; the provider and sources it holds are closed by the built service
     * @throws ConfigurationException when a provider or source is unknown or misconfigured
     */
    public SnapshotServiceBuilder serviceBuilder() {
        SnapshotServiceBuilder b = SnapshotService.builder();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            StorageProvider s = StorageProviders.create(storageProvider, storage);
            opened.add(s);
            Map<String, DatabaseSource> created = new LinkedHashMap<>();
            for (var e : databases.entrySet()) {
                DatabaseSource src = DatabaseSources.create(e.getValue().source(), e.getValue().settings());
                opened.add(src);
                created.put(e.getKey(), src);
            }
            b.storage(s);
            created.forEach(b::database);
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
        b.compression(compression);
        compressionLevel().ifPresent(b::compressionLevel);
        b.prefix(prefix);
        encryption().ifPresent(b::encryption);
        signing().ifPresent(b::signing);
        b.allowUnencrypted(allowUnencrypted());
        b.allowDatabaseMismatch(allowDatabaseMismatch());
        b.maxExpansionRatio(maxExpansionRatio());
        pitr(b);
        return b;
    }

    /** {@code SNAPSHOTS_MAIN_PITR=1} ships the main database's WAL every {@code SNAPSHOTS_MAIN_PITR_INTERVAL} (default 1s). */
    private void pitr(SnapshotServiceBuilder b) {
        EnvReader r = new EnvReader(environment);
        boolean on = r.get("MAIN_PITR").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
        if (!on || !databases.containsKey("main")) {
            return;
        }
        Duration interval = SnapshotServiceBuilder.DEFAULT_PITR_INTERVAL;
        Optional<String> value = r.get("MAIN_PITR_INTERVAL");
        if (value.isPresent()) {
            try {
                interval = io.github.dbsnap.internal.Durations.parse(value.get());
            } catch (RuntimeException e) {
                throw new ConfigurationException("SNAPSHOTS_MAIN_PITR_INTERVAL: " + e.getMessage());
            }
        }
        b.pitr("main", interval);
        r.get("PITR_SPOOL_DIR").map(java.nio.file.Path::of).ifPresent(b::pitrSpool);
    }

    /**
     * Same as {@code serviceBuilder().build()}.
     *
     * @return a new service, which the caller closes
     * @throws ConfigurationException when a provider or source is unknown or misconfigured
     */
    public SnapshotService newService() {
        return serviceBuilder().build();
    }

    /**
     * A scheduler builder with this configuration applied: per-database schedules, verification
     * schedule, zone and retention. When snapshots are disabled ({@code SNAPSHOTS_ENABLED=0}),
     * nothing is scheduled.
     *
     * @param service the service built from the same configuration; not closed by the scheduler
     * @return a new builder
     */
    public SnapshotSchedulerBuilder schedulerBuilder(SnapshotService service) {
        SnapshotSchedulerBuilder b = SnapshotScheduler.builder().service(service).zone(zone()).retention(retention());
        if (enabled) {
            schedules().forEach(b::schedule);
            b.verifySchedule(verifySchedule().orElse(null));
        }
        return b;
    }

    /**
     * Builds a scheduler from this configuration. Not started.
     *
     * @param service the service built from the same configuration; not closed by the scheduler
     * @param lock    the lock shared by instances (e.g. the Redis lock when {@link #lockRedisUrl()}
     *                is set), or null for the in-process lock
     * @return a new scheduler, which the caller starts and closes
     * @throws ConfigurationException when a scheduled database is not in the service
     */
    public SnapshotScheduler newScheduler(SnapshotService service, SchedulerLock lock) {
        if (lock == null && lockRedisUrl().isPresent()) {
            log.warn("SNAPSHOTS_LOCK_REDIS_URL is set but no SchedulerLock was given; "
                    + "scheduled runs are coordinated within this process only");
        }
        return schedulerBuilder(service).lock(lock).build();
    }

    /**
     * A status tracker builder with this configuration applied: schedules, zone and
     * {@code SNAPSHOTS_STATUS_MAX_AGE}.
     *
     * @param service the service whose events the tracker follows
     * @return a new builder
     */
    public StatusTrackerBuilder statusTrackerBuilder(SnapshotService service) {
        StatusTrackerBuilder b = StatusTracker.builder(service).zone(zone()).maxAge(statusMaxAge().orElse(null));
        if (enabled) {
            schedules().forEach((db, cron) -> b.schedule(db, CronSchedule.parse(cron)));
        }
        return b;
    }

    /**
     * @return a notifier for {@code SNAPSHOTS_NOTIFY_HEARTBEAT_URL} and {@code SNAPSHOTS_NOTIFY_FAILURE_URL},
     *         or empty when neither is set; the caller closes it
     */
    public Optional<WebhookNotifier> webhookNotifier() {
        if (notifyHeartbeatUrl().isEmpty() && notifyFailureUrl().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(WebhookNotifier.builder().heartbeatUrl(notifyHeartbeatUrl().orElse(null))
                .failureUrl(notifyFailureUrl().orElse(null)).build());
    }

    @Override
    public String toString() {
        return "SnapshotConfig{enabled=" + enabled + ", storage=" + storageProvider + " " + storage
                + ", prefix=" + prefix + ", compression=" + compression.id()
                + (compressionLevel == null ? "" : ":" + compressionLevel)
                + ", databases=" + databases.keySet() + ", encryption=" + (encryption == null ? "none" : encryption) + ", " + scheduling + ", " + operability + ", " + trust + "}";
    }
}
