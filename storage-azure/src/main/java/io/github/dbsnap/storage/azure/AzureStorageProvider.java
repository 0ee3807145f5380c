package io.github.dbsnap.storage.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Snapshots as block blobs in one Azure container, optionally under a name prefix. */
final class AzureStorageProvider implements StorageProvider {
    private static final Logger log = LoggerFactory.getLogger(AzureStorageProvider.class);

    private final AzureStorageConfig config;
    private final BlobContainerClient container;
    private final ExecutorService executor;
    private final BlockUploader uploader;
    private final AzureErrors errors;
    private final URI location;

    AzureStorageProvider(AzureStorageConfig config, BlobContainerClient container, ExecutorService executor) {
        this.config = config;
        this.container = container;
        this.executor = executor;
        this.uploader = new BlockUploader(executor, config.parallelBlocks(), config.blockSize());
        this.location = toUri(config.prefix());
        this.errors = new AzureErrors(config, container.getAccountName(), location.toString());
    }

    /** Creates the container when the configuration asks for it. */
    void prepare() {
        if (config.createContainer()) {
            try {
                if (container.createIfNotExists()) {
                    log.info("Created Azure container '{}' in account '{}'", config.container(), container.getAccountName());
                }
            } catch (RuntimeException e) {
                throw errors.translate("creating the container", e);
            }
        }
    }

    @Override
    public String name() {
        return AzureStorageProviderFactory.NAME;
    }

    @Override
    public URI location() {
        return location;
    }

    @Override
    public URI uri(String key) {
        return toUri(config.prefix() + StorageKeys.validate(key));
    }

    private URI toUri(String path) {
        try {
            return new URI("azure", config.container(), "/" + path, null);
        } catch (URISyntaxException e) {
            throw new InvalidStorageKeyException("'" + path + "' cannot be written as an azure:// URI");
        }
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"azure".equalsIgnoreCase(uri.getScheme()) || !config.container().equals(uri.getAuthority())) {
            return Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String blob = path.startsWith("/") ? path.substring(1) : path;
        if (!blob.startsWith(config.prefix()) || blob.length() == config.prefix().length()) {
            throw new InvalidStorageKeyException("'" + uri + "' is outside the storage root " + location);
        }
        return Optional.of(StorageKeys.validate(blob.substring(config.prefix().length())));
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        BlobClient blob = blob(key);
        try {
            if (blob.exists()) {
                throw new SnapshotExistsException(key, location.toString());
            }
            long started = System.nanoTime();
            long size = uploader.upload(blob.getBlockBlobClient(), data);
            log.debug("Stored {} ({} bytes in {} ms)", uri(key), size, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return stat(key).orElseGet(() -> new StoredObject(key, size, Instant.now()));
        } catch (BlockUploader.SourceException e) {
            throw new StorageException("reading the data for '" + key + "' failed, nothing was stored: " + e.getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("writing '" + key + "' to " + location + " was interrupted; nothing was stored", e);
        } catch (SnapshotExistsException e) {
            throw e;
        } catch (RuntimeException | java.io.IOException e) {
            if (e instanceof RuntimeException r && AzureErrors.alreadyExists(r)) {
                throw new SnapshotExistsException(key, location.toString());
            }
            throw errors.translate("writing '" + key + "'", e);
        }
    }

    @Override
    public InputStream read(String key) {
        BlobClient blob = blob(key);
        try {
            return blob.openInputStream();
        } catch (RuntimeException e) {
            if (isBlobNotFound(e)) {
                throw new SnapshotNotFoundException(key, location.toString());
            }
            throw errors.translate("reading '" + key + "'", e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        BlobClient blob = blob(key);
        try {
            BlobProperties p = blob.getProperties();
            return Optional.of(new StoredObject(key, p.getBlobSize(), p.getLastModified().toInstant()));
        } catch (RuntimeException e) {
            if (isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw errors.translate("reading the properties of '" + key + "'", e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        String full = config.prefix() + prefix;
        List<StoredObject> out = new ArrayList<>();
        try {
            ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(config.listPageSize());
            if (!full.isEmpty()) {
                options.setPrefix(full);
            }
            for (BlobItem item : container.listBlobs(options, null)) {
                String name = item.getName();
                if (name.endsWith("/") || !name.startsWith(config.prefix()) || Boolean.TRUE.equals(item.isPrefix())) {
                    continue;
                }
                String key = name.substring(config.prefix().length());
                try {
                    StorageKeys.validate(key);
                } catch (InvalidStorageKeyException e) {
                    log.debug("Skipping blob '{}' while listing: not a valid snapshot key", name);
                    continue;
                }
                var p = item.getProperties();
                out.add(new StoredObject(key, p.getContentLength() == null ? 0 : p.getContentLength(),
                        p.getLastModified() == null ? Instant.EPOCH : p.getLastModified().toInstant()));
            }
        } catch (RuntimeException e) {
            throw errors.translate("listing '" + prefix + "'", e);
        }
        return out;
    }

    @Override
    public void delete(String key) {
        BlobClient blob = blob(key);
        try {
            blob.deleteIfExists();
        } catch (RuntimeException e) {
            throw errors.translate("deleting '" + key + "'", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(config.prefix() + StorageKeys.validate(key));
    }

    private static boolean isBlobNotFound(RuntimeException e) {
        return e instanceof BlobStorageException b && b.getStatusCode() == 404
                && !com.azure.storage.blob.models.BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode());
    }

    @Override
    public String toString() {
        return "AzureStorageProvider[" + location + "]";
    }
}
