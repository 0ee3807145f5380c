package io.github.dbsnap.spi;

/**
 * Creates {@link DatabaseSource}s; found through {@link java.util.ServiceLoader}. Implementations are
 * stateless, have a public no-argument constructor and do no I/O until {@link #create}.
 */
public interface DatabaseSourceFactory {

    /** @return the short, lowercase, unique name: {@code "sqlite"}, {@code "jdbc"}, {@code "redis"} */
    String name();

    /**
     * Validates the configuration and creates a source; the caller closes it.
     *
     * @param config keys scoped to this source ({@code url}, …)
     * @throws io.github.dbsnap.ConfigurationException listing every bad key
     */
    DatabaseSource create(ProviderConfig config);
}
