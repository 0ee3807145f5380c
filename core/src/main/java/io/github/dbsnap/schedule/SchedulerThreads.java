package io.github.dbsnap.schedule;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the scheduler. */
final class SchedulerThreads {
    private SchedulerThreads() {
    }

    /** @return a factory of daemon threads named {@code base}, {@code base-2}, … */
    static ThreadFactory named(String base) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, i == 1 ? base : base + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }
}
