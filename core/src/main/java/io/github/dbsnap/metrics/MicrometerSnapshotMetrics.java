package io.github.dbsnap.metrics;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.SnapshotStats;
import io.github.dbsnap.VerifyResult;
import io.github.dbsnap.schedule.PruneResult;
import io.github.dbsnap.schedule.ScheduleListener;
import io.github.dbsnap.schedule.ScheduledRun;
import io.github.dbsnap.schedule.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes snapshot activity to a Micrometer {@link MeterRegistry}:
 * <ul>
 *   <li>{@code dbsnap.snapshot.operations} counter, tags {@code database}, {@code operation}
 *       ({@code create}, {@code restore}, {@code verify}, {@code prune}), {@code outcome} ({@code success}, {@code failure});
 *       every attempt counts</li>
 *   <li>{@code dbsnap.snapshot.duration} timer of successful operations, tags {@code database}, {@code operation}</li>
 *   <li>{@code dbsnap.snapshot.bytes} counter of bytes stored by creates, tag {@code database}</li>
 *   <li>{@code dbsnap.snapshot.failures} counter, tags {@code database}, {@code operation}, {@code cause}
 *       (the exception's simple class name)</li>
 *   <li>{@code dbsnap.snapshot.age.seconds} gauge: age of the newest snapshot, tag {@code database}
 *       (NaN while none is known)</li>
 *   <li>{@code dbsnap.schedule.runs} counter of scheduled runs, tags {@code database}, {@code operation},
 *       {@code outcome} ({@code success}, {@code failure}, {@code skipped})</li>
 * </ul>
 * Create with {@link #bind}, which registers it with the service; pass it to the scheduler builder's
 * {@code listener(…)} as well for prune and scheduled-run metrics. Thread-safe.
 */
public final class MicrometerSnapshotMetrics implements SnapshotListener, ScheduleListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> newest = new ConcurrentHashMap<>();

    private MicrometerSnapshotMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Registers metrics for a service: an age gauge per configured database, seeded from one listing
     * of storage (a failed listing leaves the gauge at NaN until the next snapshot), and itself as a
     * listener of the service.
     *
     * @param clock the clock ages are measured by
     * @return the metrics, also to be given to the scheduler builder's {@code listener(…)}
     */
    public static MicrometerSnapshotMetrics bind(MeterRegistry registry, SnapshotService service, Clock clock) {
        MicrometerSnapshotMetrics m = new MicrometerSnapshotMetrics(Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(clock, "clock"));
        for (String db : service.databases()) {
            try {
                service.latest(db).ifPresent(s -> m.newest.put(db, s.createdAt()));
            } catch (RuntimeException e) {
                // storage unreachable now: the gauge stays NaN until a snapshot is stored
            }
            m.gauge(db);
        }
        service.addListener(m);
        return m;
    }

    /** Same as {@code bind(registry, service, Clock.systemUTC())}. */
    public static MicrometerSnapshotMetrics bind(MeterRegistry registry, SnapshotService service) {
        return bind(registry, service, Clock.systemUTC());
    }

    private void gauge(String db) {
        Gauge.builder("dbsnap.snapshot.age.seconds", this, m -> m.ageSeconds(db))
                .description("Age of the newest snapshot").baseUnit("seconds").tag("database", db).register(registry);
    }

    private double ageSeconds(String db) {
        Instant t = newest.get(db);
        return t == null ? Double.NaN : Duration.between(t, clock.instant()).toMillis() / 1000.0;
    }

    private static String tag(Operation op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    private void success(String db, Operation op, Duration took) {
        Counter.builder("dbsnap.snapshot.operations").description("Snapshot operations by outcome")
                .tags("database", db, "operation", tag(op), "outcome", "success").register(registry).increment();
        if (took != null && !took.isZero()) {
            Timer.builder("dbsnap.snapshot.duration").description("Duration of successful snapshot operations")
                    .tags("database", db, "operation", tag(op)).register(registry).record(took);
        }
    }

    private void failure(String db, Operation op, Throwable error) {
        Counter.builder("dbsnap.snapshot.operations").description("Snapshot operations by outcome")
                .tags("database", db, "operation", tag(op), "outcome", "failure").register(registry).increment();
        Counter.builder("dbsnap.snapshot.failures").description("Failed snapshot operations by cause")
                .tags("database", db, "operation", tag(op), "cause", error.getClass().getSimpleName())
                .register(registry).increment();
    }

    private void run(ScheduledRun run, String outcome) {
        Counter.builder("dbsnap.schedule.runs").description("Scheduled runs by outcome")
                .tags("database", run.database(), "operation", tag(run.operation()), "outcome", outcome)
                .register(registry).increment();
    }

    @Override
    public void onCreated(SnapshotInfo snapshot, SnapshotStats stats) {
        success(snapshot.database(), Operation.CREATE, stats.took());
        Counter.builder("dbsnap.snapshot.bytes").description("Bytes stored by snapshots").baseUnit("bytes")
                .tag("database", snapshot.database()).register(registry).increment(snapshot.size());
        newest.merge(snapshot.database(), snapshot.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public void onRestored(RestoreResult result) {
        success(result.database(), Operation.RESTORE, result.took());
    }

    @Override
    public void onVerified(VerifyResult result) {
        success(result.snapshot().database(), Operation.VERIFY, result.took());
    }

    @Override
    public void onFailure(String database, Operation operation, DbsnapException error) {
        failure(database, operation, error);
    }

    @Override
    public void onPruned(String database, PruneResult result) {
        success(database, Operation.PRUNE, result.took());
    }

    @Override
    public void onPruneFailed(String database, DbsnapException error) {
        failure(database, Operation.PRUNE, error);
    }

    @Override
    public void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
        run(run, "success");
    }

    @Override
    public void onRunFailed(ScheduledRun run, DbsnapException error) {
        run(run, "failure");
    }

    @Override
    public void onRunSkipped(ScheduledRun run, SkipReason reason) {
        run(run, "skipped");
    }
}
