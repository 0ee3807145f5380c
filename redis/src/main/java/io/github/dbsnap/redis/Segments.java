package io.github.dbsnap.redis;

import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads the key records of a snapshot, in archive order: from key segments (layout 1) or from the
 * RDB files of a replication snapshot (layout 2; only the keys of its {@code source_db}).
 */
final class Segments {
    private Segments() {
    }

    /** Receives one record. */
    interface RecordSink {
        void accept(KeyRecord r) throws IOException;
    }

    /**
     * @param limit the largest key or payload accepted ({@link RedisSourceConfig#payloadLimit()})
     * @return the number of records read
     * @throws IOException when an entry is neither a key segment nor an RDB file, or is truncated or corrupt
     *                     (an RDB failing its CRC-64 included)
     */
    static long readAll(EntryReader in, long limit, RecordSink sink) throws IOException {
        String layout = in.metadata().getOrDefault("layout_version", RecordFormat.LAYOUT_VERSION);
        if (!RecordFormat.LAYOUT_VERSION.equals(layout) && !RdbSnapshot.LAYOUT_VERSION.equals(layout)) {
            throw new IOException("snapshot uses Redis layout version " + layout + "; this dbsnap reads versions "
                    + RecordFormat.LAYOUT_VERSION + " and " + RdbSnapshot.LAYOUT_VERSION);
        }
        int sourceDb = sourceDb(in.metadata());
        long count = 0;
        for (Optional<ArchiveEntry> e = in.next(); e.isPresent(); e = in.next()) {
            ArchiveEntry entry = e.get();
            if (RdbSnapshot.ENTRY_NAME.matcher(entry.name()).matches()) {
                // the server's RDB holds every database: only the snapshot URL's one is restored
                RdbReader.Summary s = new RdbReader(entry.content(), entry.name(), limit).read(sourceDb,
                        (db, r) -> sink.accept(r));
                count += s.keys().getOrDefault(sourceDb, 0L);
                continue;
            }
            if (!RecordFormat.SEGMENT_NAME.matcher(entry.name()).matches()) {
                throw new IOException("unexpected entry '" + entry.name() + "' in a redis snapshot");
            }
            RecordFormat.Reader reader = new RecordFormat.Reader(entry.content(), entry.name(), limit);
            for (KeyRecord r = reader.next(); r != null; r = reader.next()) {
                sink.accept(r);
                count++;
            }
        }
        return count;
    }

    private static int sourceDb(java.util.Map<String, String> metadata) throws IOException {
        try {
            return Integer.parseInt(metadata.getOrDefault(RdbSnapshot.SOURCE_DB, "0"));
        } catch (NumberFormatException e) {
            throw new IOException("snapshot.json has a malformed " + RdbSnapshot.SOURCE_DB);
        }
    }
}
