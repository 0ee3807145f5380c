package io.github.dbsnap.spi;

/**
 * Data decoded into a staging area, waiting for the core's verdict. Exactly one of {@link #commit()}
 * or {@link #close()} discards or publishes it; {@code close()} after {@code commit()} only releases
 * resources.
 */
public interface StagedRestore extends AutoCloseable {

    /**
     * Swaps the staged data into the live database atomically, as far as the backend allows.
     *
     * @throws io.github.dbsnap.DatabaseSourceException when the swap failed; the live data is then unchanged
     */
    void commit();

    /** Discards the staging area unless committed. Idempotent. */
    @Override
    void close();
}
