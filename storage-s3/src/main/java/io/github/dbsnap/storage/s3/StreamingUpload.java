package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One streamed write: an object smaller than a part goes up as a single PutObject; anything larger as a
 * multipart upload with a few parts in flight, completed only after the whole stream was read and every
 * part stored, and aborted on any failure. Holds at most {@code parallel-parts + 1} part buffers.
 */
final class StreamingUpload {
    private static final Logger log = LoggerFactory.getLogger(StreamingUpload.class);
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final ExecutorService executor;
    private final S3Requests requests;
    private final S3Errors errors;
    private final String key;
    private final PartBuffers buffers;
    private final List<PartUpload> parts = new ArrayList<>();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    StreamingUpload(S3Client s3, ExecutorService executor, S3Requests requests, S3Errors errors, String key,
                    S3StorageConfig config) {
        this.s3 = s3;
        this.executor = executor;
        this.requests = requests;
        this.errors = errors;
        this.key = key;
        this.buffers = new PartBuffers((int) config.partSize(), config.parallelParts() + 1);
    }

    /** @return the number of bytes stored */
    long run(InputStream data) {
        byte[] first = takeBuffer();
        int n = fill(data, first);
        if (n < first.length) {
            putSingle(first, n);
            return n;
        }
        String uploadId = call("starting the upload of", () -> s3.createMultipartUpload(requests.createMultipart(key)).uploadId());
        log.debug("Multipart upload {} started for {}", uploadId, key);
        try {
            long total = n;
            submit(uploadId, 1, first, n);
            while (n == first.length) {
                checkParts();
                byte[] buf = takeBuffer();
                n = fill(data, buf);
                if (n == 0) {
                    buffers.give(buf);
                    break;
                }
                if (parts.size() == MAX_PARTS) {
                    buffers.give(buf);
                    throw new StorageException("snapshot '" + key + "' is larger than " + MAX_PARTS + " parts of "
                            + first.length + " bytes; raise SNAPSHOTS_STORAGE_S3_PART_SIZE");
                }
                submit(uploadId, parts.size() + 1, buf, n);
                total += n;
            }
            List<CompletedPart> done = awaitParts();
            if (!requests.conditionalWrites() && requests.exists(key)) {
                throw new SnapshotExistsException(key, errors.location());
            }
            call("completing the upload of", () -> s3.completeMultipartUpload(requests.completeMultipart(key, uploadId, done)));
            log.debug("Multipart upload {} completed for {} ({} parts, {} bytes)", uploadId, key, done.size(), total);
            return total;
        } catch (RuntimeException | Error e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private void putSingle(byte[] buf, int len) {
        if (!requests.conditionalWrites() && requests.exists(key)) {
            throw new SnapshotExistsException(key, errors.location());
        }
        call("writing", () -> s3.putObject(requests.put(key, len), body(buf, len)));
    }

    private void submit(String uploadId, int number, byte[] buf, int len) {
        PartUpload part = new PartUpload(number);
        try {
            part.future = executor.submit(() -> uploadPart(part, uploadId, buf, len));
        } catch (RejectedExecutionException e) {
            buffers.give(buf);
            throw new StorageException("writing '" + key + "' to " + errors.location() + " failed: the provider is closed", e);
        }
        parts.add(part);
    }

    private void uploadPart(PartUpload part, String uploadId, byte[] buf, int len) {
        int number = part.number;
        {
            try {
                if (!part.start() || firstError.get() != null) {
                    return;
                }
                UploadPartResponse r = s3.uploadPart(requests.uploadPart(key, uploadId, number, len), body(buf, len));
                part.completed = CompletedPart.builder().partNumber(number).eTag(r.eTag())
                        .checksumCRC32(r.checksumCRC32()).build();
            } catch (Throwable t) {
                firstError.compareAndSet(null, t);
            } finally {
                buffers.give(buf);
                part.finished.countDown();
            }
        }
    }

    /** Throws the first part failure, if any, so the producer stops being read early. */
    private void checkParts() {
        Throwable t = firstError.get();
        if (t instanceof SdkException e) {
            throw errors.translate("uploading a part of", key, e);
        }
        if (t != null) {
            throw new StorageException("uploading a part of '" + key + "' to " + errors.location() + " failed: " + t, t);
        }
    }

    private List<CompletedPart> awaitParts() {
        List<CompletedPart> done = new ArrayList<>();
        for (PartUpload p : parts) {
            try {
                p.finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("writing '" + key + "' to " + errors.location() + " was interrupted", e);
            }
            checkParts();
            done.add(p.completed);
        }
        done.sort(Comparator.comparing(CompletedPart::partNumber));
        return done;
    }

    /** Stops pending parts, waits for running ones, then aborts so that no part outlives the upload. */
    private void abort(String uploadId, Throwable cause) {
        boolean interrupted = Thread.interrupted();
        firstError.compareAndSet(null, cause);
        for (PartUpload p : parts) {
            if (p.future != null) {
                p.future.cancel(true);
            }
        }
        for (PartUpload p : parts) {
            p.awaitUninterruptibly();
        }
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

    private byte[] takeBuffer() {
        try {
            return buffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("writing '" + key + "' to " + errors.location() + " was interrupted", e);
        }
    }

    private int fill(InputStream data, byte[] buf) {
        try {
            return data.readNBytes(buf, 0, buf.length);
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

    private static RequestBody body(byte[] buf, int len) {
        // a provider, not fromBytes: fromBytes copies the part, doubling the memory per part in flight
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buf, 0, len), len, "application/octet-stream");
    }
}
