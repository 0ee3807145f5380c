package io.github.dbsnap.storage.s3;

import io.github.dbsnap.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

import java.util.stream.Collectors;

/** Builds the SDK client from an {@link S3StorageConfig}: one HTTP client, SDK retries, checksum mode, credentials. */
final class S3Clients {
    private S3Clients() {
    }

    static S3Client create(S3StorageConfig c) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(c.connectTimeout())
                        .socketTimeout(c.socketTimeout()))
                .credentialsProvider(credentials(c))
                .authSchemeProvider(c.checksums() == S3StorageConfig.Checksums.WHEN_REQUIRED
                        ? wholePayloadSigning() : S3AuthSchemeProvider.defaultProvider())
                .forcePathStyle(c.pathStyle())
                .requestChecksumCalculation(c.checksums() == S3StorageConfig.Checksums.WHEN_SUPPORTED
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(c.checksums() == S3StorageConfig.Checksums.WHEN_SUPPORTED
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(c.requestTimeout()).retryStrategy(AwsRetryStrategy
                        .forRetryMode(c.retryMode().equals("adaptive") ? RetryMode.ADAPTIVE_V2 : RetryMode.STANDARD)
                        .toBuilder().maxAttempts(c.maxAttempts()).build()));
        if (c.region() != null) {
            b.region(Region.of(c.region()));
        }
        if (c.endpoint() != null) {
            b.endpointOverride(c.endpoint());
        }
        try {
            return b.build();
        } catch (SdkClientException e) {
            throw new ConfigurationException("S3 client for " + c.location() + " cannot be set up: " + e.getMessage()
                    + " (set SNAPSHOTS_STORAGE_S3_REGION or AWS_REGION)", e);
        }
    }

    /**
     * S3's auth schemes without {@code aws-chunked} encoding. Over plain HTTP the SDK signs the payload;
     * in chunks it copies every 128 KiB chunk into a new array and signs each one (1 GiB of garbage per
     * GiB uploaded). Unchunked, it hashes each part once straight from its buffers and sends it as it is.
     * Over HTTPS the SDK sends the payload unsigned anyway (TLS protects it). Only with
     * {@code checksums=when-required}: with {@code when-supported} the chunks carry the trailing checksum.
     */
    private static S3AuthSchemeProvider wholePayloadSigning() {
        S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
        return params -> defaults.resolveAuthScheme(params).stream()
                .map(o -> o.toBuilder().putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false).build())
                .collect(Collectors.toList());
    }

    /** @return the endpoint requests go to, for messages */
    static String endpoint(S3StorageConfig c) {
        if (c.endpoint() != null) {
            return c.endpoint().toString();
        }
        return "https://s3." + (c.region() == null ? "<default region>" : c.region()) + ".amazonaws.com";
    }

    private static AwsCredentialsProvider credentials(S3StorageConfig c) {
        if (c.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
