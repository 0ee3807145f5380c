package io.github.dbsnap.storage.s3;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.ProviderConfig;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settings of the {@code s3} provider. Each key below is a {@link ProviderConfig} key, reached from the
 * environment as {@code SNAPSHOTS_STORAGE_S3_<KEY>} (upper case, {@code _} for {@code -}). Explicit keys
 * win over the parts of {@code url}. {@link #toString()} never shows the secret.
 *
 * @param bucket            {@code bucket}: required (or {@code bucket=} in {@code url})
 * @param prefix            {@code prefix}: prepended to every key, a folder ending in {@code /} (default none)
 * @param region            {@code region}: default {@code us-east-1} when an endpoint is given, otherwise the
 *                          AWS default region chain ({@code AWS_REGION}, profile); null = that chain
 * @param endpoint          {@code endpoint}: MinIO, R2, S3Proxy… (default none = AWS); null for AWS
 * @param pathStyle         {@code path-style}: path-style requests (default true when an endpoint is given)
 * @param accessKeyId       {@code access-key-id} (or the user of {@code url}); null = AWS default credential chain
 * @param secretAccessKey   {@code secret-access-key} (or the password of {@code url}); never shown
 * @param sse               {@code sse}: {@code AES256} or {@code aws:kms} (default none = the bucket's default)
 * @param sseKmsKeyId       {@code sse-kms-key-id}: KMS key for {@code aws:kms} (default the AWS managed key)
 * @param partSize          {@code part-size}: bytes per multipart part (default 8 MiB, at least 5 MiB)
 * @param parallelParts     {@code parallel-parts}: parts uploaded at once per write (default 4, 1 to 16)
 * @param checksums         {@code checksums}: {@code when-required} (default) or {@code when-supported}
 * @param conditionalWrites {@code conditional-writes}: send {@code If-None-Match: *} (default true for AWS,
 *                          false with an endpoint, where a HeadObject check is used instead)
 * @param maxAttempts       {@code max-attempts}: attempts per request, retries included (default 3)
 * @param retryMode         {@code retry-mode}: {@code standard} (default) or {@code adaptive}
 * @param connectTimeout    {@code connect-timeout} (default 10s)
 * @param socketTimeout     {@code socket-timeout}: longest wait for data on a connection (default 60s)
 * @param requestTimeout    {@code request-timeout}: longest time one try of one request may take, the upload of a
 *                          whole part included (default 5m); a server that stops reading what is sent is given up
 *                          on after this, since the socket timeout only limits waits for data to read
 * @param listPageSize      {@code list-page-size}: keys per ListObjectsV2 page (default 1000)
 * @param checkBucket       {@code check-bucket}: HeadBucket when the provider is created (default true)
 */
public record S3StorageConfig(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
                              String accessKeyId, String secretAccessKey, String sse, String sseKmsKeyId,
                              long partSize, int parallelParts, Checksums checksums, boolean conditionalWrites,
                              int maxAttempts, String retryMode, Duration connectTimeout, Duration socketTimeout,
                              Duration requestTimeout, int listPageSize, boolean checkBucket) {
    /** Default part size: 8 MiB. */
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    /** Smallest part S3 accepts (except the last): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** Largest part size accepted here: 512 MiB (parts are held in memory). */
    public static final long MAX_PART_SIZE = 512L << 20;
    /** Default parts in flight per write. */
    public static final int DEFAULT_PARALLEL_PARTS = 4;
    /** Default {@code request-timeout}: 5 minutes per try of one request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Region used with a custom endpoint when none is given. */
    public static final String DEFAULT_ENDPOINT_REGION = "us-east-1";

    /** When the SDK computes request checksums and validates response checksums. */
    public enum Checksums {
        /** Only where the API requires it: accepted by every S3-compatible server. */
        WHEN_REQUIRED,
        /** Wherever the API allows it (the SDK's own default since 2.30); AWS S3 only, in practice. */
        WHEN_SUPPORTED
    }

    /** Validates the components. */
    public S3StorageConfig {
        Objects.requireNonNull(bucket, "bucket");
        prefix = normalizePrefix(prefix);
        Objects.requireNonNull(checksums, "checksums");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        retryMode = retryMode == null ? "standard" : retryMode;
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("partSize out of range: " + partSize);
        }
        if (parallelParts < 1 || parallelParts > 16 || maxAttempts < 1 || listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("parallelParts, maxAttempts or listPageSize out of range");
        }
    }

    /**
     * Reads and validates every setting.
     *
     * @throws ConfigurationException listing every bad or missing setting (never a secret)
     */
    public static S3StorageConfig from(ProviderConfig c) {
        List<String> problems = new ArrayList<>();
        S3Url url = c.secret("url").map(u -> S3Url.parse(u, problems)).orElse(null);
        Optional<S3Url> fromUrl = Optional.ofNullable(url);

        String bucket = c.optional("bucket").or(() -> fromUrl.map(S3Url::bucket)).orElse(null);
        if (bucket == null && url != null) {
            problems.add("setting 'url' names no bucket (add ?bucket=NAME)");
        } else if (bucket == null && !c.keys().contains("url")) {
            problems.add("missing setting 'bucket' (SNAPSHOTS_STORAGE_S3_BUCKET, or SNAPSHOTS_STORAGE_S3_URL with ?bucket=)");
        }
        String prefix = c.optional("prefix").or(() -> fromUrl.map(S3Url::prefix)).orElse("");
        try {
            prefix = normalizePrefix(prefix);
        } catch (InvalidStorageKeyException e) {
            problems.add("setting 'prefix': " + e.getMessage());
        }
        URI endpoint = c.optional("endpoint").map(e -> endpoint(e, problems)).or(() -> fromUrl.map(S3Url::endpoint)).orElse(null);
        String region = c.optional("region").or(() -> fromUrl.map(S3Url::region))
                .orElse(endpoint != null ? DEFAULT_ENDPOINT_REGION : null);
        String keyId = c.optional("access-key-id").or(() -> fromUrl.map(S3Url::accessKeyId)).orElse(null);
        String secret = c.secret("secret-access-key").or(() -> fromUrl.map(S3Url::secretAccessKey)).orElse(null);
        if ((keyId == null) != (secret == null)) {
            problems.add("settings 'access-key-id' and 'secret-access-key' must be given together"
                    + " (SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID / SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY)");
        }
        String sse = c.optional("sse").map(s -> sse(s, problems)).orElse(null);
        String kmsKey = c.optional("sse-kms-key-id").orElse(null);
        if (kmsKey != null && !"aws:kms".equals(sse)) {
            problems.add("setting 'sse-kms-key-id' needs sse=aws:kms");
        }
        long partSize = get(() -> c.bytes("part-size"), DEFAULT_PART_SIZE, problems);
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            problems.add("setting 'part-size' must be between 5MiB and 512MiB");
            partSize = DEFAULT_PART_SIZE;
        }
        int parallel = range("parallel-parts", get(() -> c.integer("parallel-parts"), DEFAULT_PARALLEL_PARTS, problems), 1, 16, problems);
        int attempts = range("max-attempts", get(() -> c.integer("max-attempts"), 3, problems), 1, 20, problems);
        int pageSize = range("list-page-size", get(() -> c.integer("list-page-size"), 1000, problems), 1, 1000, problems);
        Checksums checksums = c.optional("checksums").map(s -> checksums(s, problems)).orElse(Checksums.WHEN_REQUIRED);
        String retryMode = c.optional("retry-mode").map(s -> s.toLowerCase(Locale.ROOT)).orElse("standard");
        if (!List.of("standard", "adaptive").contains(retryMode)) {
            problems.add("setting 'retry-mode' must be standard or adaptive");
        }
        boolean pathStyle = get(() -> c.bool("path-style"), endpoint != null, problems);
        boolean conditional = get(() -> c.bool("conditional-writes"), endpoint == null, problems);
        boolean checkBucket = get(() -> c.bool("check-bucket"), true, problems);
        Duration connect = get(() -> c.duration("connect-timeout"), Duration.ofSeconds(10), problems);
        Duration socket = get(() -> c.duration("socket-timeout"), Duration.ofSeconds(60), problems);
        Duration request = get(() -> c.duration("request-timeout"), DEFAULT_REQUEST_TIMEOUT, problems);
        if (request.isZero() || request.isNegative()) {
            problems.add("setting 'request-timeout' must be positive");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new S3StorageConfig(bucket, prefix, region, endpoint, pathStyle, keyId, secret, sse, kmsKey, partSize,
                parallel, checksums, conditional, attempts, retryMode, connect, socket, request, pageSize, checkBucket);
    }

    /** @return {@code s3://bucket/prefix}, without credentials */
    public URI location() {
        try {
            return new URI("s3", bucket, "/" + prefix, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bucket name '" + bucket + "' cannot form an s3:// URI", e);
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return StorageKeys.validatePrefix(p.isEmpty() || p.endsWith("/") ? p : p + "/");
    }

    private static URI endpoint(String value, List<String> problems) {
        try {
            URI u = new URI(value.trim());
            if ((u.getScheme() != null && u.getScheme().matches("https?")) && u.getHost() != null && u.getUserInfo() == null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        problems.add("setting 'endpoint' must be an http(s) URL without credentials, such as http://localhost:9000");
        return null;
    }

    private static String sse(String value, List<String> problems) {
        String v = value.trim();
        if (v.equalsIgnoreCase("AES256")) {
            return "AES256";
        }
        if (v.equalsIgnoreCase("aws:kms")) {
            return "aws:kms";
        }
        problems.add("setting 'sse' must be AES256 or aws:kms, not '" + v + "'");
        return null;
    }

    private static Checksums checksums(String value, List<String> problems) {
        try {
            return Checksums.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add("setting 'checksums' must be when-required or when-supported, not '" + value + "'");
            return Checksums.WHEN_REQUIRED;
        }
    }

    private static int range(String key, int value, int min, int max, List<String> problems) {
        if (value < min || value > max) {
            problems.add("setting '" + key + "' must be between " + min + " and " + max);
            return min;
        }
        return value;
    }

    private static <T> T get(Supplier<Optional<T>> read, T dflt, List<String> problems) {
        try {
            return read.get().orElse(dflt);
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return dflt;
        }
    }

    @Override
    public String toString() {
        return "S3StorageConfig{location=" + location() + ", region=" + region + ", endpoint=" + endpoint
                + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey == null ? "none" : "****") + ", sse=" + sse
                + ", partSize=" + partSize + ", parallelParts=" + parallelParts + ", checksums=" + checksums
                + ", conditionalWrites=" + conditionalWrites + ", maxAttempts=" + maxAttempts + ", retryMode=" + retryMode
                + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout + ", requestTimeout=" + requestTimeout + ", listPageSize="
                + listPageSize + ", checkBucket=" + checkBucket + "}";
    }
}
