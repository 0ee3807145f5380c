package io.github.dbsnap.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;
import io.github.dbsnap.spi.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates the {@code azure} provider: snapshots as block blobs in an Azure Blob Storage container
 * (or Azurite). Stateless; each provider it creates owns a small upload thread pool and is closed by
 * the caller. See {@link AzureStorageConfig} for the settings.
 */
public final class AzureStorageProviderFactory implements StorageProviderFactory {
    /** The provider's name. */
    public static final String NAME = "azure";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RETRY_DELAY = Duration.ofMillis(500);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public AzureStorageProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param config settings such as {@code container} and {@code connection-string}
     * @throws ConfigurationException listing every bad setting
     */
    @Override
    public StorageProvider create(ProviderConfig config) {
        return create(AzureStorageConfig.from(config));
    }

    /**
     * Opens a provider; creates the container first when {@link AzureStorageConfig#createContainer()} is set.
     *
     * @return a provider the caller closes
     * @throws ConfigurationException when the SDK refuses the credential's form
     * @throws io.github.dbsnap.StorageException when creating the container failed
     */
    public StorageProvider create(AzureStorageConfig config) {
        BlobContainerClient client = client(config);
        ExecutorService executor = Executors.newFixedThreadPool(config.parallelBlocks(), DaemonThreads.factory("dbsnap-azure-upload"));
        AzureStorageProvider provider = new AzureStorageProvider(config, client, executor);
        try {
            provider.prepare();
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        return provider;
    }

    private static BlobContainerClient client(AzureStorageConfig config) {
        // tries = retries + 1; exponential back-off from 0.5 s up to 30 s; each try limited by 'timeout'
        RequestRetryOptions retries = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxRetries() + 1,
                config.timeout(), RETRY_DELAY, MAX_RETRY_DELAY, null);
        BlobContainerClientBuilder builder = new BlobContainerClientBuilder()
                .httpClient(httpClient(config.timeout()))
                .retryOptions(retries)
                .httpLogOptions(new HttpLogOptions());
        try {
            if (config.sasUrl() != null) {
                builder.endpoint(config.sasUrl().trim());
            } else {
                builder.connectionString(config.connectionString().trim()).containerName(config.container());
            }
            return builder.buildClient();
        } catch (RuntimeException e) {
            AzureErrors errors = new AzureErrors(config, "?", "azure://" + config.container());
            throw new ConfigurationException(errors.redact("the Azure credential setting was refused: " + e.getMessage()),
                    errors.safe(e));
        }
    }

    /**
     * The SDK's transport on {@code java.net.http} instead of its Netty default. Besides the response
     * timeout, the gaps between body reads and writes are limited by {@code timeout} too (not the
     * transport's 60 s default), so a slow link is cut only by the per-try limit.
     */
    static HttpClient httpClient(Duration timeout) {
        return new JdkHttpClientBuilder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .build();
    }

}
