package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/** Translates SDK exceptions into dbsnap's {@link StorageException} family, keeping the cause. */
final class S3Errors {
    private final String location;
    private final String bucketUri;
    private final String endpoint;

    S3Errors(URI location, String bucket, String endpoint) {
        this.location = location.toString().replaceAll("/$", "");
        this.bucketUri = "s3://" + bucket;
        this.endpoint = endpoint;
    }

    String location() {
        return location;
    }

    /**
     * @param action what was being done, e.g. {@code "reading"}
     * @param key    the key concerned, or null for bucket-level operations
     */
    StorageException translate(String action, String key, SdkException e) {
        String what = key == null ? action + " " + location : action + " '" + key + "' in " + location;
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (key != null && "NoSuchKey".equals(code)) {
                SnapshotNotFoundException nf = new SnapshotNotFoundException(key, location);
                nf.initCause(e);
                return nf;
            }
            if (key != null && (status == 412 || "PreconditionFailed".equals(code))) {
                SnapshotExistsException ex = new SnapshotExistsException(key, location);
                ex.initCause(e);
                return ex;
            }
            if ("NoSuchBucket".equals(code) || status == 404 && key == null) {
                return new StorageException("bucket " + bucketUri + " does not exist" + at() + " (" + what + ")", e);
            }
            if (status == 401 || status == 403) {
                return new StorageException("access denied to " + bucketUri + " while " + what + " ("
                        + (code == null ? "HTTP " + status : code)
                        + "; check SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID / SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY)", e);
            }
            String detail = code == null ? "HTTP " + status : code + ", HTTP " + status;
            String msg = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            return new StorageException(what + " failed: " + detail + (msg == null ? "" : ": " + msg), e);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return new StorageException(what + " was interrupted", e);
        }
        if (e instanceof SdkClientException && unreachable(e)) {
            return new StorageException("S3 endpoint " + endpoint + " unreachable while " + what + ": " + rootMessage(e), e);
        }
        return new StorageException(what + " failed: " + rootMessage(e), e);
    }

    private String at() {
        return " at " + endpoint;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
