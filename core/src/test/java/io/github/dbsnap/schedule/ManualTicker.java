package io.github.dbsnap.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A {@link Ticker} whose time only moves when a test says so: {@link #advanceTo} runs every task due
 * by then, in time order, on the calling thread, setting the clock to each task's time first.
 */
final class ManualTicker implements Ticker {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private volatile Instant now;
    private long seq;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static final class Task implements Comparable<Task>, Cancellable {
        final Instant at;
        final long seq;
        final Runnable run;
        volatile boolean cancelled;

        Task(Instant at, long seq, Runnable run) {
            this.at = at;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    ManualTicker(Instant start) {
        this.now = start;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable task) {
        Task t = new Task(at, seq++, task);
        queue.add(t);
        return t;
    }

    /** @return the time of the earliest pending task, if any */
    synchronized Instant nextDue() {
        Task t = queue.stream().filter(x -> !x.cancelled).min(Task::compareTo).orElse(null);
        return t == null ? null : t.at;
    }

    /** @return the number of pending, not cancelled tasks */
    synchronized long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    void advanceTo(Instant target) {
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.at.isAfter(target)) {
                    break;
                }
                queue.poll();
                if (t.at.isAfter(now)) {
                    now = t.at;
                }
            }
            if (!t.cancelled) {
                t.run.run();
            }
        }
        if (target.isAfter(now)) {
            now = target;
        }
    }
}
