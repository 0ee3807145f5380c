package io.github.dbsnap.spi;

import java.io.IOException;

/**
 * A {@link DatabaseSource} that can ship its write-ahead log continuously, for point-in-time recovery
 * (PITR). The core runs the {@link WalShipper} on a thread of its own and uploads what it spools; on
 * restore it hands the source the generation's snapshot and the segments to replay over it.
 */
public interface WalSource {
    /**
     * Starts taking over the database's checkpoints. The shipper holds what it needs (a read
     * transaction) until it is closed; the caller closes it.
     *
     * @param sink where the shipper spools finished segments and asks for a new generation
     */
    WalShipper shipper(WalSink sink);

    /**
     * Stages the snapshot as {@link DatabaseSource#stage} does, then replays every frame of {@code segments}
     * over the staged copy, in order, and checks the result. A segment that does not continue the one
     * before it, or fails its checksums, fails the staging with {@link io.github.dbsnap.CorruptSnapshotException}
     * naming it; the live database is never touched before {@link StagedRestore#commit()}.
     *
     * @param snapshot the generation's snapshot, positioned at its first data entry
     * @param segments the segments to replay, in order; the source opens and closes each
     */
    StagedRestore stage(EntryReader snapshot, WalSegments segments) throws IOException;
}
