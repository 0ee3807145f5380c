package io.github.dbsnap.notify;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.schedule.ScheduleListener;
import io.github.dbsnap.schedule.ScheduledRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Feeds a {@link Notifier} from a scheduler: successful runs, runs that failed on their last attempt
 * (not each retried attempt), and failed retention. Register with the scheduler builder's
 * {@code listener(…)}. Never throws into the scheduler. Thread-safe.
 */
public final class NotifyingListener implements ScheduleListener {
    private static final Logger log = LoggerFactory.getLogger(NotifyingListener.class);

    private final Notifier notifier;
    private final Clock clock;
    private final String host;

    /**
     * @param notifier told about runs; not closed by this listener
     * @param clock    gives event times
     * @param host     the host name put into events, or null for this machine's
     */
    public NotifyingListener(Notifier notifier, Clock clock, String host) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = host != null ? host : localHost();
    }

    /** A listener with the system clock and this machine's host name. */
    public NotifyingListener(Notifier notifier) {
        this(notifier, Clock.systemUTC(), null);
    }

    @Override
    public void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
        NotificationEvent e = new NotificationEvent(run.database(), run.operation(), clock.instant(), host,
                Optional.of(run.tick()), run.attempt(), Optional.of(snapshot.uri()), snapshot.size(), Optional.empty(),
                Optional.empty());
        deliver(() -> notifier.onSuccess(e));
    }

    @Override
    public void onRunFailed(ScheduledRun run, DbsnapException error) {
        deliver(() -> notifier.onFailure(failure(run.database(), run.operation(), Optional.of(run.tick()), run.attempt(), error)));
    }

    @Override
    public void onPruneFailed(String database, DbsnapException error) {
        deliver(() -> notifier.onFailure(failure(database, Operation.PRUNE, Optional.empty(), 0, error)));
    }

    private NotificationEvent failure(String db, Operation op, Optional<java.time.Instant> tick, int attempt, DbsnapException error) {
        String m = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new NotificationEvent(db, op, clock.instant(), host, tick, attempt, Optional.empty(), 0,
                Optional.of(m.lines().findFirst().orElse(m)), Optional.of(error.getClass().getSimpleName()));
    }

    private static void deliver(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Notifier failed: {}", e.getClass().getSimpleName());
        }
    }

    private static String localHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
