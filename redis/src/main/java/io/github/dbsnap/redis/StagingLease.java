package io.github.dbsnap.redis;

import io.github.dbsnap.spi.DaemonThreads;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ownership of a staging database: the key {@link #KEY} holds a random owner token with a {@code PX}
 * lease, claimed with {@code SET NX} and renewed by a daemon thread while the restore runs. A second
 * restore, in this process or another, never takes a staging database whose owner is alive; a crashed
 * owner's claim ends with its lease. Every destructive step on the staging database runs in a
 * {@code WATCH}/{@code MULTI}/{@code EXEC} that checks the token first. Thread-safe.
 */
final class StagingLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StagingLease.class);
    /** Starts with a NUL byte, like the staging marker, so that no application uses it. */
    static final byte[] KEY = "\u0000dbsnap:staging:lease".getBytes(StandardCharsets.UTF_8);
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 5;

    private final int db;
    private final byte[] token;
    private final long millis;
    private final StatefulRedisConnection<byte[], byte[]> renewConn;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;

    private StagingLease(RedisConnector connector, int db, byte[] token, long millis) {
        this.db = db;
        this.token = token;
        this.millis = millis;
        this.renewConn = connector.connect(db);
        this.renewer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("dbsnap-redis-lease-db" + db));
        long period = Math.max(1, millis / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims database {@code db}, which {@code sync} has selected.
     *
     * @return the lease, renewed from now on; empty when another restore holds it
     */
    static Optional<StagingLease> tryClaim(RedisCommands<byte[], byte[]> sync, RedisConnector connector, int db,
                                           Duration duration) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        byte[] token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        long millis = duration.toMillis();
        if (!"OK".equals(sync.set(KEY, token, SetArgs.Builder.nx().px(millis)))) {
            return Optional.empty();
        }
        return Optional.of(new StagingLease(connector, db, token, millis));
    }

    /** @return how long the current holder's lease of the database {@code sync} has selected still runs, in ms */
    static long remaining(RedisCommands<byte[], byte[]> sync) {
        return Math.max(0, sync.pttl(KEY));
    }

    int db() {
        return db;
    }

    /**
     * Runs {@code commands} in one {@code MULTI}/{@code EXEC} on {@code sync} (which has this database
     * selected and flushes automatically), only while the lease key still holds our token; the last
     * command re-arms the lease, as a {@code FLUSHDB} among {@code commands} would delete it.
     *
     * @return false when the lease was lost (expired and taken by another restore): nothing ran
     */
    boolean whileHeld(RedisCommands<byte[], byte[]> sync, Consumer<RedisCommands<byte[], byte[]>> commands) {
        return run(sync, commands, true);
    }

    /** Deletes the lease key if it still holds our token, and stops renewing. */
    void release(RedisCommands<byte[], byte[]> sync) {
        stopRenewing();
        run(sync, c -> c.del(KEY), false);
    }

    private boolean run(RedisCommands<byte[], byte[]> sync, Consumer<RedisCommands<byte[], byte[]>> commands,
                        boolean rearm) {
        for (int i = 0; i < ATTEMPTS; i++) {
            sync.watch(KEY);
            if (!Arrays.equals(sync.get(KEY), token)) {
                sync.unwatch();
                lost = true;
                return false;
            }
            sync.multi();
            commands.accept(sync);
            if (rearm) {
                sync.set(KEY, token, SetArgs.Builder.px(millis));
            }
            TransactionResult r = sync.exec();
            if (!r.wasDiscarded()) {
                return true;
            }
            // the renewer touched the key between WATCH and EXEC: still ours, try again
        }
        throw new DatabaseSourceException("redis: the lease on staging database " + db + " kept changing; "
                + "live data unchanged");
    }

    /** @throws DatabaseSourceException when the renewer found the lease gone or taken by another restore */
    void check() {
        if (lost) {
            throw lostError();
        }
    }

    DatabaseSourceException lostError() {
        return new DatabaseSourceException("redis: this restore lost its lease on staging database " + db
                + " (it was not renewed within " + millis + " ms, and may now belong to another restore); "
                + "live data unchanged");
    }

    /** Stops renewing; the key stays until it expires or a flush of the database removes it. */
    void stopRenewing() {
        renewer.shutdownNow();
        try {
            if (!renewer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("The lease renewer of staging database {} did not stop", db);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void renew() {
        try {
            RedisCommands<byte[], byte[]> sync = renewConn.sync();
            if (!whileHeld(sync, c -> { })) {
                log.warn("The lease on staging database {} was lost; the restore will fail", db);
            }
        } catch (RuntimeException e) {
            // a short outage: the lease has two more periods to run; the restore fails on its own if it persists
            log.debug("Renewing the lease on staging database {} failed: {}", db, e.toString());
        }
    }

    @Override
    public void close() {
        stopRenewing();
        renewConn.close();
    }
}
