package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import io.github.dbsnap.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Snapshots as objects in one S3 bucket under an optional prefix; see {@link StreamingUpload} for writes. */
final class S3StorageProvider implements StorageProvider {
    private static final Logger log = LoggerFactory.getLogger(S3StorageProvider.class);
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final java.util.regex.Pattern SNAPSHOT_NAME =
            java.util.regex.Pattern.compile("(?:.*/)?[^/]+\\.tar\\.(?:zst|gz)(?:\\.age)?");

    private final S3StorageConfig config;
    private final S3Client s3;
    private final S3Errors errors;
    private final S3Requests requests;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    S3StorageProvider(S3StorageConfig config) {
        this.config = config;
        this.s3 = S3Clients.create(config);
        this.errors = new S3Errors(config.location(), config.bucket(), S3Clients.endpoint(config));
        this.requests = new S3Requests(s3, config, errors);
        this.executor = new ThreadPoolExecutor(config.parallelParts(), config.parallelParts(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.factory("dbsnap-s3-upload-" + POOLS.incrementAndGet()));
        executor.allowCoreThreadTimeOut(true);
        if (config.checkBucket()) {
            try {
                s3.headBucket(b -> b.bucket(config.bucket()));
            } catch (SdkException e) {
                close();
                throw errors.translate("checking", null, e);
            }
        }
        log.debug("S3 storage ready: {}", config);
    }

    @Override
    public String name() {
        return S3StorageProviderFactory.NAME;
    }

    @Override
    public URI location() {
        return config.location();
    }

    @Override
    public URI uri(String key) {
        try {
            return new URI("s3", config.bucket(), "/" + requests.objectKey(StorageKeys.validate(key)), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("key '" + key + "' cannot form an s3:// URI", e);
        }
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || !config.bucket().equals(uri.getAuthority()) || uri.getPath() == null) {
            return Optional.empty();
        }
        String path = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        if (!path.startsWith(config.prefix())) {
            return Optional.empty();
        }
        return Optional.of(StorageKeys.validate(path.substring(config.prefix().length())));
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        StorageKeys.validate(key);
        // checked first in every mode, so that a clash fails before a whole snapshot is uploaded
        if (requests.exists(key)) {
            throw new SnapshotExistsException(key, errors.location());
        }
        long size = new StreamingUpload(s3, executor, requests, errors, key, config).run(data);
        log.debug("Stored {} ({} bytes)", uri(key), size);
        try {
            return stat(key).orElseGet(() -> new StoredObject(key, size, Instant.now()));
        } catch (StorageException e) {
            log.debug("Stored {} but could not read its metadata back: {}", key, e.toString());
            return new StoredObject(key, size, Instant.now());
        }
    }

    @Override
    public InputStream read(String key) {
        StorageKeys.validate(key);
        try {
            return s3.getObject(b -> b.bucket(config.bucket()).key(requests.objectKey(key)));
        } catch (SdkException e) {
            throw errors.translate("reading", key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        StorageKeys.validate(key);
        return requests.head(key).map(h -> new StoredObject(key, h.contentLength(), h.lastModified()));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(config.bucket())
                    .prefix(config.prefix() + prefix).maxKeys(config.listPageSize())).contents()) {
                String key = o.key().substring(config.prefix().length());
                if (key.isEmpty() || key.endsWith("/")) {
                    continue; // directory markers
                }
                out.add(new StoredObject(key, o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw errors.translate("listing", null, e);
        }
        return out;
    }

    @Override
    public void delete(String key) {
        StorageKeys.validate(key);
        try {
            s3.deleteObject(b -> b.bucket(config.bucket()).key(requests.objectKey(key)));
        } catch (SdkException e) {
            StorageException t = errors.translate("deleting", key, e);
            if (!(t instanceof io.github.dbsnap.SnapshotNotFoundException)) {
                throw t;
            }
        }
    }

    /**
     * Aborts the multipart uploads under this provider's prefix, for snapshot names only, that were
     * started more than {@code olderThan} ago: what a write interrupted by a crash leaves behind.
     */
    @Override
    public int cleanup(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket())
                    .prefix(config.prefix())).uploads()) {
                String key = u.key().substring(Math.min(config.prefix().length(), u.key().length()));
                // an age of zero means every upload, even one whose start time the server does not report
                boolean old = olderThan.isZero() || (u.initiated() != null && u.initiated().isBefore(cutoff));
                if (old && SNAPSHOT_NAME.matcher(key).matches()) {
                    s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(u.key()).uploadId(u.uploadId()));
                    removed++;
                    log.info("Aborted multipart upload {} of {} left by an interrupted write (started {})",
                            u.uploadId(), key, u.initiated());
                }
            }
        } catch (SdkException e) {
            throw errors.translate("cleaning up interrupted uploads in", null, e);
        }
        return removed;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
            s3.close();
        }
    }


    @Override
    public String toString() {
        return "S3StorageProvider{" + config.location() + "}";
    }
}
