package io.github.dbsnap.spi;

/**
 * Creates {@link StorageProvider}s; found through {@link java.util.ServiceLoader}. Implementations are
 * stateless, have a public no-argument constructor and do no I/O until {@link #create}.
 */
public interface StorageProviderFactory {

    /** @return the short, lowercase, unique name: {@code "local"}, {@code "s3"}, {@code "azure"} */
    String name();

    /**
     * Validates the configuration and opens a provider; the caller closes it.
     *
     * @param config keys scoped to this provider ({@code bucket}, {@code region}, …)
     * @throws io.github.dbsnap.ConfigurationException listing every bad key
     */
    StorageProvider create(ProviderConfig config);
}
