package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.StaleFiles;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The {@code redis} source: the server's RDB through the replication protocol, or DUMP of every key;
 * restores RESTORE into a staging database swapped in with SWAPDB. Thread-safe.
 */
final class RedisSource implements DatabaseSource {
    private static final Logger log = LoggerFactory.getLogger(RedisSource.class);

    /**
     * Metadata: about how many bytes of memory the database's data set took when the snapshot was taken
     * ({@code used_memory_dataset} shared out by key count), so that a restore knows what staging needs.
     */
    static final String DATASET_BYTES = "dataset_bytes";

    private final RedisSourceConfig config;
    private final RedisConnector connector;
    private final Duration lease;
    /**
     * Captures chosen (and, for replication, started) by {@link #metadata()}, which the core calls right
     * before {@link #dump}: the capture mode and RDB version go into {@code snapshot.json}, which precedes
     * the data. Empty = scan. Taken newest first, so that a capture whose create failed between the two
     * calls is never used by a later create (it is dropped when the source closes).
     */
    private final ConcurrentLinkedDeque<Optional<RdbSnapshot>> chosen = new ConcurrentLinkedDeque<>();

    RedisSource(RedisSourceConfig config) {
        this(config, true, StagingLease.DEFAULT_DURATION);
    }

    /**
     * @param scripts false to send one command per key even where a Lua script could batch them (tests)
     * @param lease   how long a staging lease lasts without renewal (tests shorten it)
     */
    RedisSource(RedisSourceConfig config, boolean scripts, Duration lease) {
        this.config = config;
        this.connector = new RedisConnector(config, scripts);
        this.lease = lease;
    }

    @Override
    public String kind() {
        return RedisSourceFactory.NAME;
    }

    /**
     * Chooses the capture mode (see {@link RedisSourceConfig.Capture}) and, for replication, starts it:
     * this waits until every server's fork produced its RDB header. The next {@link #dump} uses it.
     *
     * @throws io.github.dbsnap.DatabaseSourceException when the server is unreachable, or refuses
     *         replication with {@code capture=replication}
     */
    @Override
    public Map<String, String> metadata() {
        if (config.capture() != RedisSourceConfig.Capture.SCAN) {
            // a plain socket first: a replication snapshot needs no Lettuce client (whose start-up costs
            // about half a second), and the server starts forking as early as possible
            ReplicationLink link = ReplicationLink.connect(config, config.host(), config.port());
            ServerInfo info = ServerInfo.parse(link.info("server"));
            String keyspace = link.info("keyspace");
            Map<String, String> m = baseMetadata(info, link.info("memory"), keyspace);
            Optional<RdbSnapshot> rdb = replication(link, info, keyspace);
            if (rdb.isPresent()) {
                m.putAll(rdb.get().metadata());
                chosen.add(rdb);
                return m;
            }
        }
        try (StatefulRedisConnection<byte[], byte[]> conn = connector.connect(config.database())) {
            ServerInfo info = ServerInfo.of(conn);
            String keyspace = conn.sync().info("keyspace");
            Map<String, String> m = baseMetadata(info, conn.sync().info("memory"), keyspace);
            m.put(RdbSnapshot.CAPTURE, RedisSourceConfig.Capture.SCAN.label());
            m.put("layout_version", RecordFormat.LAYOUT_VERSION);
            chosen.add(Optional.empty());
            return m;
        }
    }

    private Map<String, String> baseMetadata(ServerInfo info, String memory, String keyspace) {
        return new HashMap<>(Map.of("redis_version", info.version(), "redis_mode",
                info.cluster() ? "cluster" : "standalone", DATASET_BYTES, Long.toString(datasetBytes(memory, keyspace))));
    }

    private long datasetBytes(String memory, String keyspace) {
        long dataset = ServerInfo.number(memory, "used_memory_dataset", 0);
        long total = 0;
        for (String line : keyspace.split("\r?\n")) {
            if (line.matches("db\\d+:.*")) {
                total += ServerInfo.keyspace(keyspace, Integer.parseInt(line.substring(2, line.indexOf(':'))))[0];
            }
        }
        long mine = ServerInfo.keyspace(keyspace, config.database())[0];
        return total == 0 ? 0 : (long) ((double) dataset * mine / total);
    }

    /**
     * Starts a replication capture over {@code link} (taken over), or returns empty where the server
     * refuses replication and {@code capture=auto}.
     */
    private Optional<RdbSnapshot> replication(ReplicationLink link, ServerInfo info, String keyspace) {
        try {
            return Optional.of(RdbSnapshot.start(connector, link, info, keyspace));
        } catch (ReplicationRefusedException e) {
            if (config.capture() == RedisSourceConfig.Capture.REPLICATION) {
                throw new DatabaseSourceException(e.getMessage() + ". capture=replication was asked for; set capture="
                        + "scan (SNAPSHOTS_REDIS_CAPTURE) to snapshot key by key (not point-in-time), or grant the "
                        + "user replication rights. Nothing was stored", e);
            }
            log.info("Snapshot of {} falls back to capture=scan (not point-in-time): {}", config.location(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        Optional<RdbSnapshot> rdb = chosen.pollLast();
        if (rdb == null) { // called without metadata(): choose now
            metadata();
            rdb = chosen.pollLast();
        }
        if (rdb.isPresent()) {
            try (RdbSnapshot s = rdb.get()) {
                return s.writeTo(out);
            }
        }
        return scan(out);
    }

    private DumpResult scan(EntryWriter out) throws IOException {
        long started = System.nanoTime();
        SegmentWriter segments = new SegmentWriter(out);
        long skipped = 0;
        try (StatefulRedisConnection<byte[], byte[]> conn = connector.connect(config.database())) {
            ServerInfo info = ServerInfo.of(conn);
            if (info.cluster()) {
                skipped = dumpCluster(segments, info);
            } else {
                boolean scripted = connector.scripts() && info.majorVersion() >= 7 && LuaScript.DUMP.load(conn);
                Dumper d = new Dumper(conn, config.batchSize(), config.timeout().toMillis(), info, scripted,
                        config.payloadLimit());
                d.dumpTo(segments);
                skipped = d.skipped();
            }
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("dump of " + config.location() + " failed", e);
        }
        segments.finish();
        log.info("Dumped {} keys from {} with capture=scan in {} ms ({} vanished during the scan)", segments.keys(), config.location(),
                (System.nanoTime() - started) / 1_000_000, skipped);
        return new DumpResult(Map.of("keys", segments.keys(), "keys_vanished", skipped));
    }

    /** SCANs every primary in turn: in a cluster, SCAN only covers the node it is sent to. */
    private long dumpCluster(SegmentWriter segments, ServerInfo info) throws IOException {
        long skipped = 0;
        try (StatefulRedisClusterConnection<byte[], byte[]> cluster = connector.connectCluster()) {
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    continue;
                }
                RedisURI u = node.getUri();
                try (StatefulRedisConnection<byte[], byte[]> nc = connector.connect(connector.uri(u.getHost(), u.getPort(), 0))) {
                    // per key: a script's keys must all hash to one slot
                    Dumper d = new Dumper(nc, config.batchSize(), config.timeout().toMillis(), info, false,
                            config.payloadLimit());
                    d.dumpTo(segments);
                    skipped += d.skipped();
                }
            }
        }
        return skipped;
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        StatefulRedisConnection<byte[], byte[]> conn = connector.connect(config.database());
        try {
            RedisCommands<byte[], byte[]> sync = conn.sync();
            ServerInfo info = ServerInfo.of(conn);
            if (config.mode() == RedisSourceConfig.Mode.MERGE) {
                conn.close();
                return SpoolStagedRestore.stage(connector, info.cluster(), false, in);
            }
            String noSwap = info.cluster() ? "Redis Cluster has a single database and no SWAPDB" : null;
            if (noSwap == null) {
                int databases = StagingDatabase.count(sync);
                if (databases < 2) {
                    noSwap = "the server has a single logical database";
                } else if (!StagingDatabase.canSwap(sync)) {
                    noSwap = "SWAPDB is renamed or disabled on the server";
                } else {
                    return swap(conn, databases, in);
                }
            }
            conn.close();
            if (!config.nonAtomicRestore()) {
                throw new DatabaseSourceException("redis: cannot restore " + config.location() + " atomically: " + noSwap
                        + "; live data unchanged. Set non-atomic-restore=true to flush the live database and restore "
                        + "into it after the snapshot verified (not atomic), or mode=merge");
            }
            log.warn("Restoring {} without SWAPDB ({}): the live database is flushed after verification", config.location(),
                    noSwap);
            return SpoolStagedRestore.stage(connector, info.cluster(), true, in);
        } catch (IOException | RuntimeException e) {
            if (conn.isOpen()) {
                conn.close();
            }
            if (e instanceof RuntimeException r) {
                throw RedisErrors.wrap("staging a restore of " + config.location() + " failed", r);
            }
            throw (IOException) e;
        }
    }

    /** Checks memory, claims a staging database and stages into it; takes over {@code conn}. */
    private StagedRestore swap(StatefulRedisConnection<byte[], byte[]> conn, int databases, EntryReader in)
            throws IOException {
        MemoryGuard guard = MemoryGuard.start(connector, in.metadata());
        StagingLease claimed;
        try {
            claimed = StagingDatabase.claim(conn.sync(), connector, databases, lease);
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
        return SwapStagedRestore.stage(connector, conn, claimed, guard, in);
    }

    /**
     * Deletes spool files of cluster restores that a crash left in {@code java.io.tmpdir}. A staging
     * database left behind carries dbsnap's marker and is flushed by the next restore.
     */
    @Override
    public int cleanup(Duration olderThan) {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            return StaleFiles.remove(tmp, SpoolStagedRestore.SPOOL_PREFIX, SpoolStagedRestore.SPOOL_SUFFIX, olderThan)
                    + StaleFiles.remove(tmp, SpoolStagedRestore.SPOOL_PREFIX, RdbCapture.SPOOL_SUFFIX, olderThan);
        } catch (IOException e) {
            throw new DatabaseSourceException("redis: removing old spool files failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Optional<RdbSnapshot> r = chosen.poll(); r != null; r = chosen.poll()) {
            r.ifPresent(RdbSnapshot::close);
        }
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisSource{" + config + "}";
    }
}
