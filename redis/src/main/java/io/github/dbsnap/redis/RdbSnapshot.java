package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A point-in-time snapshot through the replication protocol: one {@link RdbCapture} per primary (one
 * for a standalone server, every primary of a cluster in parallel), each RDB checked (CRC-64, every
 * record readable) before it goes into the archive as {@code redis/dump.rdb} (cluster:
 * {@code redis/dump-1.rdb}, … in the order of {@link #NODES}).
 */
final class RdbSnapshot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RdbSnapshot.class);
    static final String ENTRY = "redis/dump.rdb";
    static final Pattern ENTRY_NAME = Pattern.compile("redis/dump(-\\d+)?\\.rdb");
    /** Metadata: the capture mode, {@code replication} or {@code scan}. */
    static final String CAPTURE = "capture";
    static final String RDB_VERSION = "rdb_version";
    static final String RDB_DATABASES = "rdb_databases";
    /** Metadata: the logical database of the snapshot's URL, whose keys a restore takes from the RDB. */
    static final String SOURCE_DB = "source_db";
    static final String NODES = "rdb_nodes";
    static final String LAYOUT_VERSION = "2";

    private final RedisSourceConfig config;
    private final List<RdbCapture> captures;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private RdbSnapshot(RedisSourceConfig config, List<RdbCapture> captures) {
        this.config = config;
        this.captures = captures;
    }

    /**
     * Starts the capture on every primary and waits until each server's fork has produced its RDB header.
     *
     * @throws ReplicationRefusedException when a server refuses to sync a replica
     */
    static RdbSnapshot start(RedisConnector connector, ReplicationLink first, ServerInfo info, String keyspace) {
        RedisSourceConfig c = connector.config();
        List<String> nodes;
        try {
            nodes = info.cluster() ? primaries(connector) : List.of(c.host() + ":" + c.port());
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        List<RdbCapture> captures = new ArrayList<>();
        RdbSnapshot s = new RdbSnapshot(c, captures);
        try {
            if (info.cluster()) {
                first.close(); // one link per primary instead; connected (and forking) in parallel
                for (String n : nodes) {
                    int colon = n.lastIndexOf(':');
                    String host = n.substring(0, colon);
                    int port = Integer.parseInt(n.substring(colon + 1));
                    captures.add(RdbCapture.start(ReplicationLink.connect(c, host, port), host, port, c.payloadLimit()));
                }
            } else {
                captures.add(RdbCapture.start(first, c.host(), c.port(), c.payloadLimit()));
            }
            int version = 0;
            for (RdbCapture capture : captures) {
                version = Math.max(version, capture.version());
            }
            s.metadata.put(CAPTURE, RedisSourceConfig.Capture.REPLICATION.label());
            s.metadata.put("layout_version", LAYOUT_VERSION);
            s.metadata.put(RDB_VERSION, Integer.toString(version));
            s.metadata.put(SOURCE_DB, Integer.toString(c.database()));
            s.metadata.put(RDB_DATABASES, databases(keyspace));
            if (info.cluster()) {
                s.metadata.put(NODES, String.join(",", nodes));
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static List<String> primaries(RedisConnector connector) {
        try (StatefulRedisClusterConnection<byte[], byte[]> cluster = connector.connectCluster()) {
            List<String> out = new ArrayList<>();
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    RedisURI u = node.getUri();
                    out.add(u.getHost() + ":" + u.getPort());
                }
            }
            out.sort(Comparator.naturalOrder());
            return out;
        }
    }

    /** @return the databases holding keys in an {@code INFO keyspace} reply, e.g. {@code 0,3} */
    private static String databases(String keyspace) {
        return keyspace.lines().filter(l -> l.matches("db\\d+:.*")).map(l -> l.substring(2, l.indexOf(':')))
                .collect(Collectors.joining(","));
    }

    /** @return what goes into {@code snapshot.json} */
    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Waits for each RDB, checks it and adds it to the archive.
     *
     * @return counts: {@code keys} (of the URL's database), {@code rdb_keys} (every database) and
     *         {@code rdb_keys.db<N>} per database
     */
    DumpResult writeTo(EntryWriter out) throws IOException {
        long started = System.nanoTime();
        Map<Integer, Long> perDb = new TreeMap<>();
        long bytes = 0;
        for (int i = 0; i < captures.size(); i++) {
            RdbCapture capture = captures.get(i);
            Path file = capture.file();
            long received = System.nanoTime();
            long size = Files.size(file);
            bytes += size;
            RdbReader.Summary summary = capture.summary(); // checked as it arrived
            try (InputStream in = Files.newInputStream(file)) {
                out.write(captures.size() == 1 ? ENTRY : "redis/dump-" + (i + 1) + ".rdb", size, in);
            }
            summary.keys().forEach((db, n) -> perDb.merge(db, n, Long::sum));
            long checked = System.nanoTime();
            log.debug("RDB of {} ({} bytes): received and checked after {} ms, archived in {} ms",
                    capture.address(), size, (received - started) / 1_000_000, (checked - received) / 1_000_000);
        }
        Map<String, Long> counts = new HashMap<>();
        counts.put("keys", perDb.getOrDefault(config.database(), 0L));
        counts.put("rdb_keys", perDb.values().stream().mapToLong(Long::longValue).sum());
        perDb.forEach((db, n) -> counts.put("rdb_keys.db" + db, n));
        log.info("Captured {} RDB file(s) ({} bytes) from {} through replication in {} ms: {} keys in database {}",
                captures.size(), bytes, config.location(), (System.nanoTime() - started) / 1_000_000,
                counts.get("keys"), config.database());
        return new DumpResult(counts);
    }

    /** Drops the links and deletes the temporary files. Idempotent. */
    @Override
    public void close() {
        for (RdbCapture c : captures) {
            c.close();
        }
    }
}
