package io.github.dbsnap.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Aborts the connection of a bulk upload that has not read from its input for the connection's
 * network timeout. A driver's socket timeout bounds reads only; a {@code COPY … FROM STDIN} or
 * {@code LOAD DATA LOCAL} whose peer stops reading would otherwise block in a socket write forever.
 * Without a network timeout (the drivers' default) nothing is watched, as for every other statement.
 */
final class StallWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);
    private final ScheduledExecutorService timer;

    private StallWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts watching {@code upload}'s reads on {@code c}; closing stops it. */
    static StallWatch start(Connection c, RewritingInputStream upload, String table) throws SQLException {
        int timeoutMillis = c.getNetworkTimeout();
        if (timeoutMillis <= 0) {
            return new StallWatch(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dbsnap-jdbc-stall-watch");
            t.setDaemon(true);
            return t;
        });
        long[] last = {upload.reads(), System.nanoTime()};
        long period = Math.max(50, timeoutMillis / 4);
        timer.scheduleWithFixedDelay(() -> {
            long reads = upload.reads();
            long now = System.nanoTime();
            if (reads != last[0] || upload.ended()) {
                last[0] = reads;
                last[1] = now;
            } else if (now - last[1] >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                log.warn("Loading table '{}' made no progress for {} ms (the network timeout); aborting the connection",
                        table, timeoutMillis);
                try {
                    c.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    log.debug("Aborting the stalled connection failed: {}", e.getClass().getName());
                }
                timer.shutdown();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return new StallWatch(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
