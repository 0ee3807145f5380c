package io.github.dbsnap.http;

import io.github.dbsnap.spi.DaemonThreads;

import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The admin API's background jobs, in memory: the last {@link #KEPT}, at most {@link #MAX_RUNNING} running
 * at once, each on a daemon thread of its own. As a {@link SnapshotListener} of the service it routes
 * progress reports to the running job of that database and operation.
 */
final class Jobs implements SnapshotListener {
    /** Jobs remembered, running or finished; the oldest finished ones are forgotten first. */
    static final int KEPT = 50;
    /** Jobs running at once; one more is refused with 409. */
    static final int MAX_RUNNING = 8;

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ExecutorService workers;
    private boolean closed;

    Jobs() {
        workers = Executors.newCachedThreadPool(DaemonThreads.factory("dbsnap-admin-job"));
    }

    /**
     * Starts a job. {@code body} runs on a worker thread and must finish the job (succeeded or failed);
     * {@code release} runs after it, or at once when the job is refused.
     *
     * @param bytesTotal bytes the job will transfer, or null when unknown
     * @throws ApiError 409 when {@link #MAX_RUNNING} jobs are running, 503 after {@link #close()}
     */
    Job submit(Operation operation, String database, Long bytesTotal, Consumer<Job> body, Runnable release) {
        Job job;
        synchronized (this) {
            try {
                if (closed) {
                    throw new ApiError(503, "the admin API is shutting down; no new jobs are started");
                }
                if (jobs.values().stream().filter(Job::running).count() >= MAX_RUNNING) {
                    throw new ApiError(409, MAX_RUNNING + " jobs are running; try again when one has finished");
                }
                Job created = new Job(UUID.randomUUID().toString(), operation, database, bytesTotal, Instant.now());
                workers.execute(() -> {
                    try {
                        body.accept(created);
                    } finally {
                        release.run();
                    }
                });
                job = created;
            } catch (RuntimeException e) {
                release.run();
                throw e instanceof RejectedExecutionException ? new ApiError(503, "the admin API is shutting down") : e;
            }
            jobs.put(job.id, job);
            forgetOldest();
        }
        return job;
    }

    private void forgetOldest() {
        Iterator<Job> it = jobs.values().iterator();
        while (jobs.size() > KEPT && it.hasNext()) {
            if (!it.next().running()) {
                it.remove();
            }
        }
    }

    synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** @return every job kept, newest first */
    synchronized List<Job> all() {
        List<Job> out = new ArrayList<>(jobs.values());
        Collections.reverse(out);
        return out;
    }

    @Override
    public void onProgress(String database, Operation operation, long bytes) {
        Job only = null;
        synchronized (this) {
            for (Job j : jobs.values()) {
                if (j.running() && j.operation == operation && j.database.equals(database)) {
                    if (only != null) {
                        return; // two creates of one database: the reports cannot be told apart
                    }
                    only = j;
                }
            }
        }
        if (only != null) {
            only.progress(bytes);
        }
    }

    /** Starts no more jobs; running ones go on. */
    synchronized void close() {
        closed = true;
        workers.shutdown();
    }

    /** After {@link #close()}: @return true when no job is running, false when some still are after {@code timeout} */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
