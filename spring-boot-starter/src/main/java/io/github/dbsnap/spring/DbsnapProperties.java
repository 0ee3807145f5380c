package io.github.dbsnap.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code dbsnap.*} properties. Each one mirrors a {@code SNAPSHOTS_*} variable of
 * {@code SnapshotConfig.fromEnvironment} one to one ({@code dbsnap.storage.s3.bucket} is
 * {@code SNAPSHOTS_STORAGE_S3_BUCKET}); so do the providers' and sources' further settings, which are
 * not listed here ({@code dbsnap.storage.s3.part-size} is {@code SNAPSHOTS_STORAGE_S3_PART_SIZE}).
 * Values are passed to {@code SnapshotConfig} as text, which validates them all and reports every problem
 * at once; a {@code dbsnap.*} property wins over the variable for the same setting. Only
 * {@code dbsnap.health.*}, {@code dbsnap.admin.enabled} and {@code dbsnap.admin.role} belong to the starter alone. This class documents
 * the properties for IDEs and {@code /actuator/configprops}; {@link SnapshotsVariables} does the translation.
 */
@ConfigurationProperties("dbsnap")
public class DbsnapProperties {
    /** SNAPSHOTS_ENABLED: {@code 0} or {@code false} schedules nothing (create and restore still work). Default: enabled. */
    private String enabled;
    /** SNAPSHOTS_CRON_SCHEDULE: cron expression for every database, 5 fields or a macro such as {@code @daily}. Default: none (no scheduled snapshots). */
    private String cronSchedule;
    /** SNAPSHOTS_VERIFY_SCHEDULE: cron expression for reading back the newest snapshot of each database. Default: none. */
    private String verifySchedule;
    /** SNAPSHOTS_SCHEDULE_TIMEZONE: zone of the cron expressions and of retention days. Default: UTC. */
    private String scheduleTimezone;
    /** SNAPSHOTS_DB_PREFIX: object prefix template with ${iso_date()}, ${database}, ${hostname}. Default: altcha-sentinel-backups/db/${iso_date()}. */
    private String dbPrefix;
    /** SNAPSHOTS_COMPRESSION: {@code zstd} or {@code gzip}, with an optional level such as {@code zstd:9}. Default: zstd. */
    private String compression;
    /** SNAPSHOTS_ENCRYPTION_KEY (secret): an age1… recipient, an AGE-SECRET-KEY-1… identity, or a passphrase. Default: no encryption. */
    private String encryptionKey;
    /** Settings under {@code dbsnap.storage}. */
    private final Storage storage = new Storage();
    /** Settings under {@code dbsnap.age}. */
    private final Age age = new Age();
    /** Settings under {@code dbsnap.retention}. */
    private final Retention retention = new Retention();
    /** Settings under {@code dbsnap.lock}. */
    private final Lock lock = new Lock();
    /** Settings under {@code dbsnap.main}. */
    private final Main main = new Main();
    /** Settings under {@code dbsnap.redis}. */
    private final Redis redis = new Redis();
    /** Settings under {@code dbsnap.admin}. */
    private final Admin admin = new Admin();
    /** Settings under {@code dbsnap.status}. */
    private final Status status = new Status();
    /** Settings under {@code dbsnap.notify}. */
    private final Notify notify = new Notify();
    /** Settings under {@code dbsnap.health}. */
    private final Health health = new Health();

    public String getEnabled() {
        return enabled;
    }

    public void setEnabled(String enabled) {
        this.enabled = enabled;
    }

    public String getCronSchedule() {
        return cronSchedule;
    }

    public void setCronSchedule(String cronSchedule) {
        this.cronSchedule = cronSchedule;
    }

    public String getVerifySchedule() {
        return verifySchedule;
    }

    public void setVerifySchedule(String verifySchedule) {
        this.verifySchedule = verifySchedule;
    }

    public String getScheduleTimezone() {
        return scheduleTimezone;
    }

    public void setScheduleTimezone(String scheduleTimezone) {
        this.scheduleTimezone = scheduleTimezone;
    }

    public String getDbPrefix() {
        return dbPrefix;
    }

    public void setDbPrefix(String dbPrefix) {
        this.dbPrefix = dbPrefix;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public String getEncryptionKey() {
        return encryptionKey;
    }

    public void setEncryptionKey(String encryptionKey) {
        this.encryptionKey = encryptionKey;
    }

    public Storage getStorage() {
        return storage;
    }

    public Age getAge() {
        return age;
    }

    public Retention getRetention() {
        return retention;
    }

    public Lock getLock() {
        return lock;
    }

    public Main getMain() {
        return main;
    }

    public Redis getRedis() {
        return redis;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Status getStatus() {
        return status;
    }

    public Notify getNotify() {
        return notify;
    }

    public Health getHealth() {
        return health;
    }

    /** Settings under {@code dbsnap.storage}. */
    public static class Storage {
        /** SNAPSHOTS_STORAGE_PROVIDER: {@code local}, {@code s3} or {@code azure}. Default: local. */
        private String provider;
        /** Settings under {@code dbsnap.storage.s3}. */
        private final StorageS3 s3 = new StorageS3();
        /** Settings under {@code dbsnap.storage.azure}. */
        private final StorageAzure azure = new StorageAzure();
        /** Settings under {@code dbsnap.storage.local}. */
        private final StorageLocal local = new StorageLocal();

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
        }

        public StorageS3 getS3() {
            return s3;
        }

        public StorageAzure getAzure() {
            return azure;
        }

        public StorageLocal getLocal() {
            return local;
        }

        /** Settings under {@code dbsnap.storage.s3}. */
        public static class StorageS3 {
            /** SNAPSHOTS_STORAGE_S3_BUCKET: the bucket. */
            private String bucket;
            /** SNAPSHOTS_STORAGE_S3_REGION: the region. Default: from the AWS chain. */
            private String region;
            /** SNAPSHOTS_STORAGE_S3_ENDPOINT: endpoint of another S3 API (MinIO, R2, …). Default: AWS. */
            private String endpoint;
            /** SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID: the access key. Default: the standard AWS credential chain. */
            private String accessKeyId;
            /** SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY (secret): the secret key. Default: the standard AWS credential chain. */
            private String secretAccessKey;
            /** SNAPSHOTS_STORAGE_S3_URL (secret: may carry credentials): alternative form https://host/?bucket=b&prefix=p&region=r. */
            private String url;

            public String getBucket() {
                return bucket;
            }

            public void setBucket(String bucket) {
                this.bucket = bucket;
            }

            public String getRegion() {
                return region;
            }

            public void setRegion(String region) {
                this.region = region;
            }

            public String getEndpoint() {
                return endpoint;
            }

            public void setEndpoint(String endpoint) {
                this.endpoint = endpoint;
            }

            public String getAccessKeyId() {
                return accessKeyId;
            }

            public void setAccessKeyId(String accessKeyId) {
                this.accessKeyId = accessKeyId;
            }

            public String getSecretAccessKey() {
                return secretAccessKey;
            }

            public void setSecretAccessKey(String secretAccessKey) {
                this.secretAccessKey = secretAccessKey;
            }

            public String getUrl() {
                return url;
            }

            public void setUrl(String url) {
                this.url = url;
            }

        }

        /** Settings under {@code dbsnap.storage.azure}. */
        public static class StorageAzure {
            /** SNAPSHOTS_STORAGE_AZURE_CONTAINER: the blob container. */
            private String container;
            /** SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING (secret): the storage account connection string. */
            private String connectionString;

            public String getContainer() {
                return container;
            }

            public void setContainer(String container) {
                this.container = container;
            }

            public String getConnectionString() {
                return connectionString;
            }

            public void setConnectionString(String connectionString) {
                this.connectionString = connectionString;
            }

        }

        /** Settings under {@code dbsnap.storage.local}. */
        public static class StorageLocal {
            /** SNAPSHOTS_STORAGE_LOCAL_DIR: the snapshot directory. Default: ./data/snapshots. */
            private String dir;

            public String getDir() {
                return dir;
            }

            public void setDir(String dir) {
                this.dir = dir;
            }

        }

    }

    /** Settings under {@code dbsnap.age}. */
    public static class Age {
        /** SNAPSHOTS_AGE_PUBLIC_KEY: age recipients (age1…), comma-separated. */
        private String publicKey;
        /** SNAPSHOTS_AGE_SECRET_KEY (secret): age identities (AGE-SECRET-KEY-1…), comma-separated, for restores. */
        private String secretKey;

        public String getPublicKey() {
            return publicKey;
        }

        public void setPublicKey(String publicKey) {
            this.publicKey = publicKey;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

    }

    /** Settings under {@code dbsnap.retention}. */
    public static class Retention {
        /** SNAPSHOTS_RETENTION_KEEP_LAST: keep this many newest snapshots. Default: 0 (rule off; with every rule off everything is kept). */
        private String keepLast;
        /** SNAPSHOTS_RETENTION_KEEP_DAILY: keep the newest snapshot of this many days. Default: 0. */
        private String keepDaily;
        /** SNAPSHOTS_RETENTION_KEEP_WEEKLY: keep the newest snapshot of this many weeks. Default: 0. */
        private String keepWeekly;
        /** SNAPSHOTS_RETENTION_KEEP_MONTHLY: keep the newest snapshot of this many months. Default: 0. */
        private String keepMonthly;
        /** SNAPSHOTS_RETENTION_MAX_AGE: delete snapshots older than this, such as 30d. Default: none. */
        private String maxAge;

        public String getKeepLast() {
            return keepLast;
        }

        public void setKeepLast(String keepLast) {
            this.keepLast = keepLast;
        }

        public String getKeepDaily() {
            return keepDaily;
        }

        public void setKeepDaily(String keepDaily) {
            this.keepDaily = keepDaily;
        }

        public String getKeepWeekly() {
            return keepWeekly;
        }

        public void setKeepWeekly(String keepWeekly) {
            this.keepWeekly = keepWeekly;
        }

        public String getKeepMonthly() {
            return keepMonthly;
        }

        public void setKeepMonthly(String keepMonthly) {
            this.keepMonthly = keepMonthly;
        }

        public String getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(String maxAge) {
            this.maxAge = maxAge;
        }

    }

    /** Settings under {@code dbsnap.lock}. */
    public static class Lock {
        /** SNAPSHOTS_LOCK_REDIS_URL (secret: may carry a password): Redis through which instances share scheduled runs (needs dbsnap-redis). Default: in-process lock. */
        private String redisUrl;

        public String getRedisUrl() {
            return redisUrl;
        }

        public void setRedisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
        }

    }

    /** Settings under {@code dbsnap.main}. */
    public static class Main {
        /** SNAPSHOTS_MAIN_URL (secret: may carry a password): JDBC URL of the main database. Default: the single DataSource of the application, else jdbc:sqlite:./data/main.db. */
        private String url;
        /** SNAPSHOTS_MAIN_SOURCE: {@code sqlite} (file-level) or {@code jdbc} (table-level CSV). Default: sqlite for jdbc:sqlite: URLs, jdbc otherwise. */
        private String source;
        /** SNAPSHOTS_MAIN_SCHEDULE: cron expression for the main database, overrides cron-schedule. */
        private String schedule;
        /** SNAPSHOTS_MAIN_USER: database user of the jdbc source. Default: the user of the DataSource, when the URL comes from it. */
        private String user;
        /** SNAPSHOTS_MAIN_PASSWORD (secret): database password of the jdbc source. Default: the password of the DataSource, when Spring Boot configured it. */
        private String password;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getSource() {
            return source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public String getSchedule() {
            return schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

    }

    /** Settings under {@code dbsnap.redis}. */
    public static class Redis {
        /** SNAPSHOTS_REDIS_URL (secret: may carry a password): redis://[user:pass@]host:port/db; snapshots Redis as database redis (needs dbsnap-redis). Default: REDIS_URL. */
        private String url;
        /** SNAPSHOTS_REDIS_CAPTURE: {@code auto}, {@code replication} or {@code scan}. Default: auto. */
        private String capture;
        /** SNAPSHOTS_REDIS_SCHEDULE: cron expression for Redis, overrides cron-schedule. */
        private String schedule;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getCapture() {
            return capture;
        }

        public void setCapture(String capture) {
            this.capture = capture;
        }

        public String getSchedule() {
            return schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

    }

    /** Settings under {@code dbsnap.admin}. */
    public static class Admin {
        /** Whether the admin API is mounted on the server of the application (with a token or Spring Security). Default: true. */
        private boolean enabled = true;
        /** SNAPSHOTS_ADMIN_TOKEN (secret): bearer token of the admin API mounted on the server of the application (needs dbsnap-http). Default: none. */
        private String token;
        /** Role a Spring Security user needs for the admin API when no token is set. Default: ADMIN. */
        private String role = "ADMIN";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }

    }

    /** Settings under {@code dbsnap.status}. */
    public static class Status {
        /** SNAPSHOTS_STATUS_MAX_AGE: the newest snapshot older than this makes a database STALE, such as 36h. Default: only the schedule counts. */
        private String maxAge;

        public String getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(String maxAge) {
            this.maxAge = maxAge;
        }

    }

    /** Settings under {@code dbsnap.notify}. */
    public static class Notify {
        /** SNAPSHOTS_NOTIFY_HEARTBEAT_URL (secret: may carry a token): requested after each successful scheduled snapshot. */
        private String heartbeatUrl;
        /** SNAPSHOTS_NOTIFY_FAILURE_URL (secret: may carry a token): receives a JSON description of each failed scheduled run. */
        private String failureUrl;

        public String getHeartbeatUrl() {
            return heartbeatUrl;
        }

        public void setHeartbeatUrl(String heartbeatUrl) {
            this.heartbeatUrl = heartbeatUrl;
        }

        public String getFailureUrl() {
            return failureUrl;
        }

        public void setFailureUrl(String failureUrl) {
            this.failureUrl = failureUrl;
        }

    }

    /** Settings under {@code dbsnap.health}. */
    public static class Health {
        /** When true, the dbsnap health indicator reports STALE and FAILING databases in its details but stays UP. Default: false. */
        private boolean informational;

        public boolean isInformational() {
            return informational;
        }

        public void setInformational(boolean informational) {
            this.informational = informational;
        }

    }
}
