package io.github.dbsnap.spi;

/**
 * Creates {@link SchedulerLock}s shared by several instances; found through
 * {@link java.util.ServiceLoader}. Implementations are stateless, have a public no-argument
 * constructor and do no I/O until {@link #create}.
 */
public interface SchedulerLockFactory {

    /** @return the short, lowercase, unique name, e.g. {@code "redis"} */
    String name();

    /**
     * Validates the configuration and opens a lock client; the caller closes it when it is
     * {@link AutoCloseable}.
     *
     * @param config the lock's settings ({@code url}, …)
     * @throws io.github.dbsnap.ConfigurationException listing every bad key
     */
    SchedulerLock create(ProviderConfig config);
}
