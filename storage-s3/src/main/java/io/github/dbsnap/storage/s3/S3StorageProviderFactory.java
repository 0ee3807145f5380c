package io.github.dbsnap.storage.s3;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

/**
 * Creates the {@code s3} provider: snapshots as objects in an AWS S3 bucket or any S3-compatible store
 * (MinIO, Cloudflare R2, S3Proxy). Stateless; settings are described on {@link S3StorageConfig}.
 */
public final class S3StorageProviderFactory implements StorageProviderFactory {
    /** The provider's name. */
    public static final String NAME = "s3";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws io.github.dbsnap.ConfigurationException listing every bad setting
     * @throws io.github.dbsnap.StorageException       when {@code check-bucket} is on and the bucket cannot be
     *                                                 reached (missing, access denied, endpoint unreachable)
     */
    @Override
    public StorageProvider create(ProviderConfig config) {
        return create(S3StorageConfig.from(config));
    }

    /**
     * @return a provider on the configured bucket; the caller closes it
     * @throws io.github.dbsnap.StorageException when {@code check-bucket} is on and the bucket cannot be reached
     */
    public StorageProvider create(S3StorageConfig config) {
        return new S3StorageProvider(config);
    }
}
