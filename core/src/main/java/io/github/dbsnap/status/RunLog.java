package io.github.dbsnap.status;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.schedule.ScheduledRun;
import io.github.dbsnap.schedule.SkipReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/** Writes the one structured INFO line per scheduled run (key=value pairs, so log tools can parse it). */
final class RunLog {
    private static final Logger log = LoggerFactory.getLogger("io.github.dbsnap.runs");

    private RunLog() {
    }

    /**
     * @param dataSize the uncompressed data size, or -1 when unknown
     * @param took     the operation's duration, or null when unknown
     */
    static void succeeded(ScheduledRun run, SnapshotInfo snapshot, long dataSize, Duration took) {
        String ratio = dataSize > 0 ? String.format(Locale.ROOT, "%.3f", (double) snapshot.size() / dataSize) : "";
        log.info("snapshot run database={} operation={} outcome=success uri={} size={} dataSize={} ratio={} durationMs={} attempt={}",
                run.database(), op(run), snapshot.uri(), snapshot.size(), dataSize < 0 ? "" : dataSize, ratio,
                took == null ? "" : took.toMillis(), run.attempt());
    }

    static void failed(ScheduledRun run, DbsnapException error) {
        log.info("snapshot run database={} operation={} outcome=failure cause={} attempt={} error=\"{}\"",
                run.database(), op(run), error.getClass().getSimpleName(), run.attempt(), StatusTracker.oneLine(error));
    }

    static void skipped(ScheduledRun run, SkipReason reason) {
        log.info("snapshot run database={} operation={} outcome=skipped reason={}", run.database(), op(run), reason);
    }

    private static String op(ScheduledRun run) {
        return run.operation().name().toLowerCase(Locale.ROOT);
    }
}
