package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SchedulerLocks;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.schedule.PruneResult;
import io.github.dbsnap.schedule.ScheduleListener;
import io.github.dbsnap.schedule.ScheduledRun;
import io.github.dbsnap.schedule.SkipReason;
import io.github.dbsnap.notify.NotifyingListener;
import io.github.dbsnap.notify.WebhookNotifier;
import io.github.dbsnap.schedule.SnapshotScheduler;
import io.github.dbsnap.schedule.SnapshotSchedulerBuilder;
import io.github.dbsnap.status.StatusTracker;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

@Command(name = "schedule", mixinStandardHelpOptions = true, description = "Run scheduled snapshots (and retention) in the foreground until stopped.")
final class ScheduleCommand extends CliCommand {

    @Override
    public Integer call() throws Exception {
        SnapshotConfig config = context.config();
        if (!config.enabled()) {
            context.err().println("dbsnap: snapshots are disabled (SNAPSHOTS_ENABLED=0); nothing to schedule");
            return 0;
        }
        if (config.schedules().isEmpty()) {
            throw new ConfigurationException("no schedule configured; set SNAPSHOTS_CRON_SCHEDULE (e.g. \"0 0 * * *\") "
                    + "or SNAPSHOTS_MAIN_SCHEDULE / SNAPSHOTS_REDIS_SCHEDULE");
        }
        SchedulerLock lock = config.lockRedisUrl()
                .map(url -> SchedulerLocks.create("redis", ProviderConfig.of(Map.of("url", url)))).orElse(null);
        Optional<WebhookNotifier> notifier = config.webhookNotifier();
        try (SnapshotService service = context.service();
             StatusTracker tracker = config.statusTrackerBuilder(service).build();
             SnapshotScheduler scheduler = withNotifier(config.schedulerBuilder(service).lock(lock)
                     .listener(tracker).listener(new SchedulerLogger(context.out())), notifier).build()) {
            tracker.watch(scheduler);
            Thread hook = new Thread(scheduler::close, "dbsnap-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            scheduler.start();
            for (ScheduledRun next : scheduler.upcoming()) {
                context.out().println("next " + next.operation().name().toLowerCase() + " of '" + next.database() + "' at "
                        + next.tick());
            }
            context.out().flush();
            scheduler.awaitClose();
            context.out().println("scheduler stopped");
        } finally {
            notifier.ifPresent(WebhookNotifier::close);
            if (lock instanceof AutoCloseable c) {
                c.close();
            }
        }
        return 0;
    }

    private static SnapshotSchedulerBuilder withNotifier(SnapshotSchedulerBuilder b, Optional<WebhookNotifier> notifier) {
        notifier.ifPresent(n -> b.listener(new NotifyingListener(n)));
        return b;
    }

    /** One line per scheduled event on stdout. */
    private static final class SchedulerLogger implements ScheduleListener {
        private final PrintWriter out;

        SchedulerLogger(PrintWriter out) {
            this.out = out;
        }

        private synchronized void line(String s) {
            out.println(Instant.now() + " " + s);
            out.flush();
        }

        @Override
        public void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
            line(run.operation().name().toLowerCase() + " of '" + run.database() + "' ok: " + snapshot.uri() + " ("
                    + Sizes.human(snapshot.size()) + ")");
        }

        @Override
        public void onRunSkipped(ScheduledRun run, SkipReason reason) {
            line(run.operation().name().toLowerCase() + " of '" + run.database() + "' at " + run.tick() + " skipped: " + reason);
        }

        @Override
        public void onAttemptFailed(ScheduledRun run, DbsnapException error, Instant retryAt) {
            line("attempt " + run.attempt() + " of '" + run.database() + "' failed (" + error.getMessage() + "); retry at " + retryAt);
        }

        @Override
        public void onRunFailed(ScheduledRun run, DbsnapException error) {
            line(run.operation().name().toLowerCase() + " of '" + run.database() + "' FAILED: " + error.getMessage());
        }

        @Override
        public void onPruned(String database, PruneResult result) {
            if (!result.deleted().isEmpty()) {
                line("pruned " + result.deleted().size() + " snapshot(s) of '" + database + "', kept " + result.kept().size());
            }
        }

        @Override
        public void onPruneFailed(String database, DbsnapException error) {
            line("prune of '" + database + "' FAILED: " + error.getMessage());
        }
    }
}
