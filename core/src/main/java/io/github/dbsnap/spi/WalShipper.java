package io.github.dbsnap.spi;

import java.io.IOException;

/** Copies a database's new commits from its write-ahead log into segments; one thread calls it. */
public interface WalShipper extends AutoCloseable {
    /**
     * One cycle: copies the commits made since the last cycle into a segment spooled through the
     * sink (never waiting for the storage), and checkpoints the log when that is due and safe.
     *
     * @throws IOException when the log could not be read or the spool written; the next cycle retries
     */
    void ship() throws IOException;

    /** @return bytes of the log written by the database but not yet spooled (an estimate, for the lag) */
    long unshippedBytes();

    /** Releases the read transaction and connections. Idempotent. */
    @Override
    void close();
}
