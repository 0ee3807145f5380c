package io.github.dbsnap.spi;

import java.nio.file.Path;
import java.time.Instant;

/** What the core offers a {@link WalShipper}: generations, a spool on local disk, and the upload queue. */
public interface WalSink {
    /**
     * Begins a new generation: takes and stores a full snapshot of the database now. The shipper must
     * have fixed its position in the log before calling, so that the snapshot holds at least every
     * commit up to it; the generation's first segment starts right after that position.
     *
     * @param reason why (logged, and recorded with the generation)
     * @return the generation's id
     * @throws io.github.dbsnap.DbsnapException when the snapshot could not be taken or stored
     */
    String newGeneration(String reason);

    /**
     * @return why the shipper must begin a new generation before its next segment (the spool was dropped
     *         while the storage was unreachable), or null
     */
    String gap();

    /** @return a directory on local disk that survives a restart, where the shipper keeps its spool and state */
    Path spoolDir();

    /**
     * Queues a finished segment for upload and takes ownership of {@code payload} (it is deleted once stored).
     *
     * @param time when the shipper began reading the log for this segment: every commit in it was made before
     */
    void add(String generation, long index, long firstFrame, Instant time, Path payload);
}
