package io.github.dbsnap.storage.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.util.List;
import java.util.Optional;

/** Builds the S3 requests of one provider (bucket, prefix, encryption, conditional writes) and answers existence checks. */
final class S3Requests {
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final S3StorageConfig config;
    private final S3Errors errors;

    S3Requests(S3Client s3, S3StorageConfig config, S3Errors errors) {
        this.s3 = s3;
        this.config = config;
        this.errors = errors;
    }

    String objectKey(String key) {
        return config.prefix() + key;
    }

    boolean conditionalWrites() {
        return config.conditionalWrites();
    }

    PutObjectRequest put(String key, long length) {
        return PutObjectRequest.builder().bucket(config.bucket()).key(objectKey(key)).contentLength(length)
                .contentType(CONTENT_TYPE).serverSideEncryption(config.sse()).ssekmsKeyId(config.sseKmsKeyId())
                .ifNoneMatch(config.conditionalWrites() ? "*" : null).build();
    }

    CreateMultipartUploadRequest createMultipart(String key) {
        return CreateMultipartUploadRequest.builder().bucket(config.bucket()).key(objectKey(key)).contentType(CONTENT_TYPE)
                .serverSideEncryption(config.sse()).ssekmsKeyId(config.sseKmsKeyId()).build();
    }

    UploadPartRequest uploadPart(String key, String uploadId, int number, long length) {
        return UploadPartRequest.builder().bucket(config.bucket()).key(objectKey(key)).uploadId(uploadId)
                .partNumber(number).contentLength(length).build();
    }

    CompleteMultipartUploadRequest completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        return CompleteMultipartUploadRequest.builder().bucket(config.bucket()).key(objectKey(key)).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)).ifNoneMatch(config.conditionalWrites() ? "*" : null).build();
    }

    AbortMultipartUploadRequest abortMultipart(String key, String uploadId) {
        return AbortMultipartUploadRequest.builder().bucket(config.bucket()).key(objectKey(key)).uploadId(uploadId).build();
    }

    /** @return the object's metadata, or empty on 404 */
    Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(config.bucket()).key(objectKey(key))));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate("reading the metadata of", key, e);
        } catch (SdkException e) {
            throw errors.translate("reading the metadata of", key, e);
        }
    }

    boolean exists(String key) {
        return head(key).isPresent();
    }
}
