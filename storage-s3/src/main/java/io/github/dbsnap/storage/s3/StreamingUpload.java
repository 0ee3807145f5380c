package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.Part;
import io.github.dbsnap.spi.PartUploader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One streamed write: an object smaller than a part goes up as a single PutObject; anything larger as a
 * multipart upload with a few parts in flight ({@link PartUploader}), completed only after the whole
 * stream was read and every part stored, and aborted on any failure once no part is running any more.
 * Holds at most {@code parallel-parts + 1} parts in memory.
 */
final class StreamingUpload {
    private static final Logger log = LoggerFactory.getLogger(StreamingUpload.class);
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final ExecutorService executor;
    private final S3Requests requests;
    private final S3Errors errors;
    private final String key;
    private final long partSize;
    private final int parallel;

    StreamingUpload(S3Client s3, ExecutorService executor, S3Requests requests, S3Errors errors, String key,
                    S3StorageConfig config) {
        this.s3 = s3;
        this.executor = executor;
        this.requests = requests;
        this.errors = errors;
        this.key = key;
        this.partSize = config.partSize();
        this.parallel = config.parallelParts();
    }

    /** @return the number of bytes stored */
    long run(InputStream data) {
        Part first = read(data);
        if (first.length() < partSize) {
            try {
                putSingle(first);
            } finally {
                first.release();
            }
            return first.length();
        }
        String uploadId;
        try {
            uploadId = call("starting the upload of", () -> s3.createMultipartUpload(requests.createMultipart(key)).uploadId());
        } catch (RuntimeException e) {
            first.release();
            throw e;
        }
        log.debug("Multipart upload {} started for {}", uploadId, key);
        try {
            return multipart(uploadId, first, data);
        } catch (RuntimeException | Error e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private long multipart(String uploadId, Part first, InputStream data) {
        long total = 0;
        List<CompletedPart> done;
        try (PartUploader<CompletedPart> parts = new PartUploader<>(executor, parallel, (n, p) -> uploadPart(uploadId, n, p))) {
            for (Part part = first; part.length() > 0; part = read(data)) {
                if (parts.submitted() == MAX_PARTS) {
                    part.release();
                    throw new StorageException("snapshot '" + key + "' is larger than " + MAX_PARTS + " parts of "
                            + partSize + " bytes; raise SNAPSHOTS_STORAGE_S3_PART_SIZE");
                }
                parts.submit(part);
                total += part.length();
                if (part.length() < partSize) {
                    break;
                }
            }
            done = parts.finish();
        } catch (SdkException e) {
            throw errors.translate("uploading a part of", key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("writing '" + key + "' to " + errors.location() + " was interrupted", e);
        } catch (RejectedExecutionException e) {
            throw new StorageException("writing '" + key + "' to " + errors.location() + " failed: the provider is closed", e);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("uploading a part of '" + key + "' to " + errors.location() + " failed: " + e, e);
        }
        if (!requests.conditionalWrites() && requests.exists(key)) {
            throw new SnapshotExistsException(key, errors.location());
        }
        call("completing the upload of", () -> s3.completeMultipartUpload(requests.completeMultipart(key, uploadId, done)));
        log.debug("Multipart upload {} completed for {} ({} parts, {} bytes)", uploadId, key, done.size(), total);
        return total;
    }

    private void putSingle(Part part) {
        if (!requests.conditionalWrites() && requests.exists(key)) {
            throw new SnapshotExistsException(key, errors.location());
        }
        call("writing", () -> s3.putObject(requests.put(key, part.length()), body(part)));
    }

    private CompletedPart uploadPart(String uploadId, int number, Part part) {
        UploadPartResponse r = s3.uploadPart(requests.uploadPart(key, uploadId, number, part.length()), body(part));
        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumCRC32(r.checksumCRC32()).build();
    }

    /** Aborts the multipart upload; the part uploads have all ended (PartUploader.close), so none outlives it. */
    private void abort(String uploadId, Throwable cause) {
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(requests.abortMultipart(key, uploadId));
            log.debug("Multipart upload {} for {} aborted", uploadId, key);
        } catch (SdkException e) {
            log.warn("Could not abort multipart upload {} of {} in {}; a bucket lifecycle rule"
                    + " (AbortIncompleteMultipartUpload) will remove it: {}", uploadId, key, errors.location(), e.toString());
            cause.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Part read(InputStream data) {
        try {
            return Part.read(data, partSize);
        } catch (IOException e) {
            throw new StorageException("reading the data of snapshot '" + key + "' failed, nothing was stored in "
                    + errors.location() + ": " + e.getMessage(), e);
        }
    }

    private <T> T call(String action, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw errors.translate(action, key, e);
        }
    }

    private static RequestBody body(Part part) {
        // a provider, not fromBytes: fromBytes copies the part, doubling the memory per part in flight
        return RequestBody.fromContentProvider(part::newInputStream, part.length(), "application/octet-stream");
    }
}
