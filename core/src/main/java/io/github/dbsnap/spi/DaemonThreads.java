package io.github.dbsnap.spi;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for the executors of dbsnap and its providers: a daemon never keeps the host's
 * JVM alive, and a name says whose thread it is in a thread dump. The owner of the executor still shuts
 * it down in its {@code close()}.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * @param base the name of the first thread, e.g. {@code "dbsnap-s3-upload"}; later threads are named
     *             {@code base-2}, {@code base-3}, …
     * @return a thread-safe factory of daemon threads
     */
    public static ThreadFactory factory(String base) {
        Objects.requireNonNull(base, "base");
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, i == 1 ? base : base + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }
}
