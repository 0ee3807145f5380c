package io.github.dbsnap.spi;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The data entries of a snapshot being restored, in archive order. Not thread-safe. */
public interface EntryReader {

    /** @return the source metadata recorded in {@code snapshot.json} ({@link DatabaseSource#metadata()}) */
    Map<String, String> metadata();

    /**
     * @return the next data entry, or empty when the data entries are over. An entry not read to
     *         its end is drained (and checksummed) by the core.
     * @throws IOException when the archive is truncated or malformed
     */
    Optional<ArchiveEntry> next() throws IOException;
}
