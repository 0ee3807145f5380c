package io.github.dbsnap.spring;

import io.github.dbsnap.schedule.SnapshotScheduler;
import io.github.dbsnap.status.StatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link SnapshotScheduler} with the application context: starts it in the last lifecycle phase,
 * once every bean (and the web server) has started, and closes it first at shutdown. Closing lets a running
 * snapshot finish within the scheduler's close timeout (30 s by default), then interrupts it, which leaves no
 * partial object in storage. A closed scheduler does not start again: a context stopped and started again
 * runs no more scheduled snapshots.
 */
final class SnapshotSchedulerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SnapshotSchedulerLifecycle.class);
    private final SnapshotScheduler scheduler;
    private final StatusTracker tracker;
    private volatile boolean running;

    SnapshotSchedulerLifecycle(SnapshotScheduler scheduler, StatusTracker tracker) {
        this.scheduler = scheduler;
        this.tracker = tracker;
    }

    @Override
    public void start() {
        try {
            if (tracker != null) {
                tracker.watch(scheduler);
            }
            scheduler.start();
            running = true;
        } catch (IllegalStateException e) {
            log.warn("dbsnap: the snapshot scheduler was closed at an earlier stop and does not start again");
        }
    }

    @Override
    public void stop() {
        running = false;
        scheduler.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
