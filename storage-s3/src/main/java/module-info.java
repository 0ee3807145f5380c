/** The {@code s3} storage provider on the AWS SDK for Java v2: AWS S3 and any S3 API. */
module io.github.dbsnap.storage.s3 {
    requires io.github.dbsnap;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.auth.aws;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.utils;
    requires software.amazon.awssdk.retries.api;

    exports io.github.dbsnap.storage.s3;

    provides io.github.dbsnap.spi.StorageProviderFactory with io.github.dbsnap.storage.s3.S3StorageProviderFactory;
}
