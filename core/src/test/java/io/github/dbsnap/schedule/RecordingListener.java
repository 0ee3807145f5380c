package io.github.dbsnap.schedule;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records scheduler events as short lines, for tests to wait on in order. */
final class RecordingListener implements ScheduleListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
        events.add("succeeded " + run.operation() + " " + run.database() + " " + run.tick() + " #" + run.attempt());
    }

    @Override
    public void onRunSkipped(ScheduledRun run, SkipReason reason) {
        events.add("skipped " + run.database() + " " + run.tick() + " " + reason);
    }

    @Override
    public void onAttemptFailed(ScheduledRun run, DbsnapException error, Instant retryAt) {
        events.add("attempt-failed " + run.database() + " " + run.tick() + " #" + run.attempt() + " retry " + retryAt);
    }

    @Override
    public void onRunFailed(ScheduledRun run, DbsnapException error) {
        events.add("failed " + run.database() + " " + run.tick() + " #" + run.attempt());
    }

    @Override
    public void onPruned(String database, PruneResult result) {
        events.add("pruned " + database + " kept " + result.kept().size() + " deleted " + result.deleted().size());
    }

    @Override
    public void onPruneFailed(String database, DbsnapException error) {
        events.add("prune-failed " + database);
    }

    /** @return the next event, waiting a few seconds at most for a worker thread */
    String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no scheduler event within 5 s");
        }
        return e;
    }

    /** @return true when no event is waiting */
    boolean isEmpty() {
        return events.isEmpty();
    }
}
