package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.util.concurrent.TimeUnit;

/** Opens Lettuce connections for one {@link RedisSourceConfig}; client threads start on first use. Thread-safe. */
final class RedisConnector implements AutoCloseable {
    static final String CLIENT_NAME = "dbsnap";

    private final RedisSourceConfig config;
    private final boolean scripts;
    private ClientResources resources;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private boolean closed;

    /** @param scripts whether standalone servers get one Lua script call per batch instead of a command per key */
    RedisConnector(RedisSourceConfig config, boolean scripts) {
        this.config = config;
        this.scripts = scripts;
    }

    RedisSourceConfig config() {
        return config;
    }

    boolean scripts() {
        return scripts;
    }

    /** @return the URI of the configured server, selecting {@code database} */
    RedisURI uri(int database) {
        return uri(config.host(), config.port(), database);
    }

    RedisURI uri(String host, int port, int database) {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withSsl(config.tls()).withVerifyPeer(config.verifyPeer()).withTimeout(config.timeout())
                .withClientName(CLIENT_NAME);
        if (config.password() != null) {
            if (config.username() != null) {
                b.withAuthentication(config.username(), config.password().toCharArray());
            } else {
                b.withPassword(config.password().toCharArray());
            }
        }
        return b.build();
    }

    /**
     * Opens a connection that does not reconnect by itself, so that a dropped connection fails the
     * operation instead of silently replaying commands.
     */
    StatefulRedisConnection<byte[], byte[]> connect(RedisURI uri) {
        try {
            return client().connect(ByteArrayCodec.INSTANCE, uri);
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("connecting to " + uri.getHost() + ":" + uri.getPort() + " failed", e);
        }
    }

    StatefulRedisConnection<byte[], byte[]> connect(int database) {
        return connect(uri(database));
    }

    StatefulRedisClusterConnection<byte[], byte[]> connectCluster() {
        try {
            return clusterClient().connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("connecting to the cluster at " + config.host() + ":" + config.port() + " failed", e);
        }
    }

    private synchronized ClientResources resources() {
        check();
        if (resources == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        }
        return resources;
    }

    private synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.create(resources());
            client.setOptions(ClientOptions.builder().autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(config.timeout())).build());
        }
        return client;
    }

    private synchronized RedisClusterClient clusterClient() {
        if (clusterClient == null) {
            clusterClient = RedisClusterClient.create(resources(), uri(0));
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .timeoutOptions(TimeoutOptions.enabled(config.timeout())).build());
        }
        return clusterClient;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("Redis source for " + config.location() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (clusterClient != null) {
            clusterClient.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
