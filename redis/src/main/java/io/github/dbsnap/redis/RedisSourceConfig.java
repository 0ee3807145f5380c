package io.github.dbsnap.redis;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@code redis} source. Built from the {@code url} setting ({@code SNAPSHOTS_REDIS_URL},
 * falling back to {@code REDIS_URL}) plus optional settings; every default is stated here.
 *
 * @param host             server host (for a cluster: any node, used as the seed)
 * @param port             server port (default: 6379)
 * @param tls              whether to use TLS ({@code rediss://})
 * @param verifyPeer       whether TLS verifies the server certificate (default: true; {@code ?verifyPeer=false} turns it off)
 * @param database         the live logical database, from {@code /db} in the URL (default: 0)
 * @param username         ACL user name, or null for the default user
 * @param password         password, or null for none; never shown by {@link #toString()}
 * @param batchSize        keys per SCAN page and per pipelined batch ({@code batch-size}, default: 1000)
 * @param stagingDb        logical database to stage restores into ({@code staging-db}); null (the default)
 *                         picks the highest-numbered database other than the live one that is empty or
 *                         holds only an earlier dbsnap staging area
 * @param mode             {@code mode}: {@link Mode#REPLACE} (default) or {@link Mode#MERGE}
 * @param timeout          command timeout ({@code timeout}, default: 60s)
 * @param nonAtomicRestore {@code non-atomic-restore} (default: false): when the server cannot swap
 *                         databases (Redis Cluster, a single database, SWAPDB renamed or disabled),
 *                         allow a replace restore that, after verification, flushes the live database
 *                         and then restores into it; refused otherwise
 * @param allowEviction    {@code allow-eviction} (default: false): on a server with {@code maxmemory}, stage
 *                         a restore even when the staging copy may not fit, accepting that Redis evicts keys
 *                         (live ones too, under an {@code allkeys-*} or {@code volatile-*} policy); refused otherwise
 * @param maxPayloadSize   {@code max-payload-size} (default: 512 MiB, Redis's own limit): the largest key or
 *                         {@code DUMP} payload a snapshot or restore handles; also capped at 1/8 of the JVM heap
 * @param capture          {@code capture} (default: {@link Capture#AUTO}): how a snapshot reads the server
 */
public record RedisSourceConfig(String host, int port, boolean tls, boolean verifyPeer, int database,
                                String username, String password, int batchSize, Integer stagingDb, Mode mode,
                                Duration timeout, boolean nonAtomicRestore, boolean allowEviction,
                                long maxPayloadSize, Capture capture) {

    /** Default keys per batch. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default command timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default and largest {@code max-payload-size}: Redis refuses keys and strings above 512 MiB. */
    public static final long DEFAULT_MAX_PAYLOAD_SIZE = 512L * 1024 * 1024;

    /** How a restore treats keys that exist in the live database but not in the snapshot. */
    public enum Mode {
        /** The live database becomes exactly the snapshot (default). */
        REPLACE,
        /** Snapshot keys overwrite live keys of the same name; other live keys stay. */
        MERGE
    }

    /** How a snapshot reads the server ({@code capture}). */
    public enum Capture {
        /** Replication when the server allows it, else scan (default). */
        AUTO,
        /** The server's own RDB through the replication protocol: one point in time; refused servers fail. */
        REPLICATION,
        /** {@code SCAN} + {@code DUMP} key by key: no replication rights needed, not point-in-time. */
        SCAN;

        /** @return the lowercase name, as in settings and {@code snapshot.json} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the settings. */
    public RedisSourceConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(capture, "capture");
        if (port < 1 || port > 65535 || database < 0 || batchSize < 1 || timeout.isNegative() || timeout.isZero()
                || maxPayloadSize < 1 || maxPayloadSize > DEFAULT_MAX_PAYLOAD_SIZE) {
            throw new ConfigurationException("invalid Redis settings for " + host + ":" + port);
        }
        if (stagingDb != null && (stagingDb < 0 || stagingDb == database)) {
            throw new ConfigurationException("staging-db " + stagingDb + " must be >= 0 and differ from the live database "
                    + database);
        }
    }

    /**
     * Reads {@code url}, {@code batch-size}, {@code staging-db}, {@code mode}, {@code timeout},
     * {@code non-atomic-restore}, {@code allow-eviction}, {@code max-payload-size} and {@code capture}.
     *
     * @throws ConfigurationException listing every bad setting; never showing the URL or password
     */
    public static RedisSourceConfig from(ProviderConfig c) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = c.optional("url");
        if (url.isEmpty()) {
            problems.add("missing setting 'url' (SNAPSHOTS_REDIS_URL or REDIS_URL), e.g. redis://user:pass@host:6379/0");
        }
        Integer batch = read(problems, () -> c.integer("batch-size").orElse(DEFAULT_BATCH_SIZE));
        Integer staging = read(problems, () -> c.integer("staging-db").orElse(null));
        Duration timeout = read(problems, () -> c.duration("timeout").orElse(DEFAULT_TIMEOUT));
        Boolean nonAtomic = read(problems, () -> c.bool("non-atomic-restore").orElse(false));
        Boolean allowEviction = read(problems, () -> c.bool("allow-eviction").orElse(false));
        Long maxPayload = read(problems, () -> c.bytes("max-payload-size").orElse(DEFAULT_MAX_PAYLOAD_SIZE));
        if (maxPayload != null && (maxPayload < 1 || maxPayload > DEFAULT_MAX_PAYLOAD_SIZE)) {
            problems.add("setting 'max-payload-size' must be between 1 byte and 512MiB");
        }
        Mode mode = choice(c, "mode", Mode.REPLACE, problems);
        Capture capture = choice(c, "capture", Capture.AUTO, problems);
        if (batch != null && (batch < 1 || batch > 100_000)) {
            problems.add("setting 'batch-size' must be between 1 and 100000");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            problems.add("setting 'timeout' must be positive");
        }
        Parsed p = url.map(u -> parse(u, problems)).orElse(null);
        if (p != null && staging != null && (staging < 0 || staging == p.database)) {
            problems.add("setting 'staging-db' must be >= 0 and differ from the live database " + p.database);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new RedisSourceConfig(p.host, p.port, p.tls, p.verifyPeer, p.database, p.username, p.password,
                batch, staging, mode, timeout, nonAtomic, allowEviction, maxPayload, capture);
    }

    private record Parsed(String host, int port, boolean tls, boolean verifyPeer, int database, String username,
                          String password) {
    }

    private static Parsed parse(String url, List<String> problems) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            // the URL may carry a password: never echo it
            problems.add("setting 'url' is not a valid URL; percent-encode special characters in the password");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            problems.add("setting 'url' must start with redis:// or rediss://");
            return null;
        }
        if (u.getHost() == null) {
            problems.add("setting 'url' has no host");
            return null;
        }
        int db = 0;
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        if (!path.isEmpty()) {
            try {
                db = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                problems.add("setting 'url' must end with /<database number>, not /" + path);
            }
        }
        boolean verify = true;
        String query = u.getQuery() == null ? "" : u.getQuery();
        for (String kv : query.split("&")) {
            if (kv.toLowerCase(Locale.ROOT).matches("verifypeer=(false|none|0)")) {
                verify = false;
            }
        }
        String user = null;
        String pass = null;
        if (u.getUserInfo() != null) {
            String info = u.getUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                pass = info;
            } else {
                user = colon == 0 ? null : info.substring(0, colon);
                pass = info.substring(colon + 1);
            }
        }
        return new Parsed(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), scheme.equals("rediss"), verify, db,
                user, pass == null || pass.isEmpty() ? null : pass);
    }

    /** @return the enum constant named by setting {@code key} (any case), or {@code fallback} when unset or bad */
    private static <E extends Enum<E>> E choice(ProviderConfig c, String key, E fallback, List<String> problems) {
        String v = c.optional(key).orElse(fallback.name()).trim().toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(fallback.getDeclaringClass(), v);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
                names.add("'" + constant.name().toLowerCase(Locale.ROOT) + "'");
            }
            problems.add("setting '" + key + "' must be " + String.join(" or ", names));
            return fallback;
        }
    }

    private interface Reader<T> {
        T read();
    }

    private static <T> T read(List<String> problems, Reader<T> r) {
        try {
            return r.read();
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * @return the largest key or payload this JVM handles: {@link #maxPayloadSize()}, but at most 1/8 of
     *         the maximum heap, because a payload is held about three times over (network buffer, array,
     *         encoded command)
     */
    public long payloadLimit() {
        return Math.min(maxPayloadSize, Runtime.getRuntime().maxMemory() / 8);
    }

    /** @return where this source points, without credentials: {@code redis://host:port/db} */
    public String location() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "RedisSourceConfig{" + location() + ", user=" + (username == null ? "default" : username)
                + ", password=" + (password == null ? "none" : "****") + ", batchSize=" + batchSize
                + ", stagingDb=" + (stagingDb == null ? "auto" : stagingDb) + ", mode=" + mode
                + ", timeout=" + timeout + ", nonAtomicRestore=" + nonAtomicRestore + ", allowEviction=" + allowEviction
                + ", maxPayloadSize=" + maxPayloadSize + ", capture=" + capture.label() + "}";
    }
}
