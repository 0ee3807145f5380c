package io.github.dbsnap.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A database that can be dumped into archive entries and restored from them.
 *
 * <p>Restore is two-phase so that nothing reaches live data before the whole snapshot was verified:
 * {@link #stage} decodes every data entry into a staging area (temp file, staging Redis database,
 * open transaction) while the core computes checksums; only when the manifest, every checksum and
 * every authentication tag check out does the core call {@link StagedRestore#commit()}. Otherwise it
 * closes the staged restore, which discards the staging area and leaves the live database as it was.
 *
 * <p>Implementations translate driver exceptions to {@link io.github.dbsnap.DatabaseSourceException}.
 * {@code IOException}s from the archive streams propagate as they are.
 */
public interface DatabaseSource extends AutoCloseable {

    /** @return the source kind written into {@code snapshot.json}, equal to its factory name */
    String kind();

    /**
     * Metadata the source needs back on restore (layout versions, server versions), written into
     * {@code snapshot.json} before any data.
     */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /**
     * Writes a consistent copy of the database as archive entries.
     *
     * @param out where entries go; not closed by the source
     * @return counts for the manifest (rows per table, keys, …)
     * @throws IOException when writing the archive failed
     * @throws io.github.dbsnap.DatabaseSourceException when the database could not be read
     */
    DumpResult dump(EntryWriter out) throws IOException;

    /**
     * Reads every data entry into a staging area without touching live data.
     *
     * @param in the data entries of the snapshot, with the metadata of its {@code snapshot.json}
     * @return a staged restore, which the caller commits or closes
     * @throws IOException when reading the archive failed (truncated, corrupt)
     * @throws io.github.dbsnap.DatabaseSourceException when staging failed; a failed write to the source's
     *         own staging files should say so through {@link LocalDisk#writeFailed} (path, bytes needed). The
     *         core reports an untranslated {@code IOException} that is a local file-system failure (no space,
     *         {@link java.nio.file.FileSystemException}) and did not come from {@code in} the same way, never as
     *         a corrupt snapshot
     */
    StagedRestore stage(EntryReader in) throws IOException;

    /**
     * Removes staging leftovers of dumps and restores that were interrupted by a crash (temp copies,
     * staging databases) and are older than {@code olderThan}, so that operations still running in
     * other processes are not disturbed. Never touches live data. Default: nothing to clean.
     *
     * @return how many leftovers were removed
     * @throws io.github.dbsnap.DatabaseSourceException when looking for leftovers failed
     */
    default int cleanup(Duration olderThan) {
        return 0;
    }

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
