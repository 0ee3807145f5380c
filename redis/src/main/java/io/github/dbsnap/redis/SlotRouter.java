package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each key to the primary that owns its slot, through one pipelined {@link Restorer} per
 * primary on its own connection. Routing ourselves keeps pipelining explicit; a slot that moves
 * during the restore fails it (MOVED) rather than being followed. Not thread-safe.
 */
final class SlotRouter implements KeySink, AutoCloseable {
    private final RedisConnector connector;
    private final Partitions partitions;
    private final Map<String, Restorer> byNode = new HashMap<>();
    private final List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();

    SlotRouter(RedisConnector connector, Partitions partitions) {
        this.connector = connector;
        this.partitions = partitions;
    }

    @Override
    public void add(KeyRecord r) {
        int slot = SlotHash.getSlot(r.key());
        RedisClusterNode node = partitions.getPartitionBySlot(slot);
        if (node == null) {
            throw new DatabaseSourceException("redis: no cluster node serves slot " + slot);
        }
        byNode.computeIfAbsent(node.getNodeId(), id -> open(node.getUri())).add(r);
    }

    private Restorer open(RedisURI u) {
        StatefulRedisConnection<byte[], byte[]> c = connector.connect(connector.uri(u.getHost(), u.getPort(), 0));
        connections.add(c);
        RedisSourceConfig cfg = connector.config();
        // per key: a script's keys must all hash to one slot
        return new Restorer(c, cfg.batchSize(), cfg.timeout().toMillis(), false);
    }

    @Override
    public long finish() {
        for (Restorer r : byNode.values()) {
            r.finish();
        }
        return restored();
    }

    @Override
    public long restored() {
        return byNode.values().stream().mapToLong(Restorer::restored).sum();
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
    }
}
