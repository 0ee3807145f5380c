package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A restore staged in a temporary file, for when there is no second database to stage in (merge
 * mode, Redis Cluster, a server without SWAPDB). Nothing reaches Redis before {@code commit()}, which
 * (after the core verified everything) optionally flushes the live database and then RESTOREs every
 * key into it. That commit is not atomic: if it fails half-way, part of the snapshot is live.
 */
final class SpoolStagedRestore implements StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(SpoolStagedRestore.class);

    private final RedisConnector connector;
    private final boolean cluster;
    private final boolean flushFirst;
    private final Path file;
    private final long keys;
    private boolean done;

    static final String SPOOL_PREFIX = "dbsnap-redis-";
    static final String SPOOL_SUFFIX = ".spool";

    private SpoolStagedRestore(RedisConnector connector, boolean cluster, boolean flushFirst, Path file, long keys) {
        this.connector = connector;
        this.cluster = cluster;
        this.flushFirst = flushFirst;
        this.file = file;
        this.keys = keys;
    }

    /** Copies and checks every record of {@code in} into a temporary file. */
    static SpoolStagedRestore stage(RedisConnector connector, boolean cluster, boolean flushFirst, EntryReader in)
            throws IOException {
        Path file = Files.createTempFile(SPOOL_PREFIX, SPOOL_SUFFIX);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            long n = Segments.readAll(in, connector.config().payloadLimit(), r -> RecordFormat.write(out, r));
            return new SpoolStagedRestore(connector, cluster, flushFirst, file, n);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    @Override
    public void commit() {
        if (done) {
            throw new IllegalStateException("staged restore already committed or closed");
        }
        done = true;
        if (cluster) {
            try (StatefulRedisClusterConnection<byte[], byte[]> cc = connector.connectCluster();
                 SlotRouter router = new SlotRouter(connector, cc.getPartitions())) {
                replay(router, () -> cc.sync().flushdb()); // Lettuce sends FLUSHDB to every primary
            }
        } else {
            try (StatefulRedisConnection<byte[], byte[]> sc = connector.connect(connector.config().database())) {
                replay(Restorer.standalone(sc, connector), () -> sc.sync().flushdb());
            }
        }
    }

    private void replay(KeySink restorer, Runnable flush) {
        RedisSourceConfig c = connector.config();
        String what = flushFirst ? "non-atomic replace" : "merge";
        boolean flushed = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            if (flushFirst) {
                flush.run();
                flushed = true;
            }
            RecordFormat.Reader reader = new RecordFormat.Reader(in, file.getFileName().toString(),
                    c.payloadLimit());
            for (KeyRecord rec = reader.next(); rec != null; rec = reader.next()) {
                restorer.add(rec);
            }
            restorer.finish();
            log.info("Restore ({}) wrote {} keys into {}", what, keys, c.location());
        } catch (IOException | RuntimeException e) {
            long written = restorer.restored();
            String state = !flushFirst ? "about " + written + " of " + keys + " keys were merged into the live data"
                    : flushed ? "the live database was already flushed and holds about " + written + " of " + keys
                    + " keys" : "the live database was not flushed and is unchanged";
            throw new DatabaseSourceException("redis: " + what + " restore into " + c.location() + " failed; " + state
                    + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        done = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.toString());
        }
    }
}
