package io.github.dbsnap.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uploads the parts of one object in parallel, at most {@code maxInFlight} at a time, for providers
 * whose backend takes an object in parts (S3 multipart upload, Azure staged blocks). The caller reads
 * a {@link Part}, {@link #submit}s it (which waits while {@code maxInFlight} parts are in flight, so at
 * most {@code maxInFlight + 1} parts are in memory), then calls {@link #finish()} for the results in
 * part order, and commits them. The first failure of any part is thrown by the next {@code submit} or
 * by {@code finish}; parts not yet started are then skipped. Each part is {@link Part#release() released}
 * once its upload ended or was skipped. {@link #close()} cancels what is still
 * running and waits for it, so that no part is uploaded after the caller aborts. One upload, one
 * thread: an instance is not shared.
 *
 * <pre>{@code
 * try (PartUploader<String> parts = new PartUploader<>(executor, 4, (n, part) -> stage(n, part))) {
 *     for (Part p = Part.read(in, size); p.length() > 0; p = Part.read(in, size)) {
 *         parts.submit(p);
 *     }
 *     commit(parts.finish());
 * }   // on any failure: nothing runs any more; the caller aborts the upload
 * }</pre>
 *
 * @param <R> what the backend answers for one part (an ETag, a block id)
 */
public final class PartUploader<R> implements AutoCloseable {

    /** Uploads one part; runs on the executor. Failures are thrown as they are (no checked exceptions). */
    @FunctionalInterface
    public interface PartSink<R> {
        /**
         * @param number the part's number, from 1, in stream order
         * @param part   its content; replay it with {@link Part#newInputStream()} on a retry
         * @return what the commit needs for this part
         */
        R upload(int number, Part part);
    }

    private static final class Task<R> {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicBoolean started = new AtomicBoolean();
        final Part part;
        volatile Future<?> future;
        volatile R result;

        Task(Part part) {
            this.part = part;
        }
    }

    private final ExecutorService executor;
    private final Semaphore slots;
    private final PartSink<R> sink;
    private final List<Task<R>> tasks = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean finished;

    /**
     * @param executor    runs the part uploads; owned by the caller
     * @param maxInFlight how many parts upload at once, at least 1
     * @param sink        uploads one part
     */
    public PartUploader(ExecutorService executor, int maxInFlight, PartSink<R> sink) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        this.executor = executor;
        this.slots = new Semaphore(maxInFlight);
        this.sink = sink;
    }

    /** @return how many parts were submitted */
    public int submitted() {
        return tasks.size();
    }

    /**
     * Starts uploading {@code part} as part number {@link #submitted()} + 1, first waiting while
     * {@code maxInFlight} parts are in flight.
     *
     * @throws RuntimeException           the first failure of an earlier part, as its sink threw it
     * @throws RejectedExecutionException when the executor was shut down
     * @throws InterruptedException       when interrupted while waiting
     */
    public void submit(Part part) throws InterruptedException {
        try {
            throwFailure();
            slots.acquire();
        } catch (RuntimeException | Error | InterruptedException e) {
            part.release();
            throw e;
        }
        if (failure.get() != null) {
            slots.release();
            part.release();
            throwFailure();
        }
        Task<R> task = new Task<>(part);
        int number = tasks.size() + 1;
        try {
            task.future = executor.submit(() -> run(task, number, part));
        } catch (RejectedExecutionException e) {
            slots.release();
            part.release();
            throw e;
        }
        tasks.add(task);
    }

    private void run(Task<R> task, int number, Part part) {
        try {
            if (task.started.compareAndSet(false, true) && failure.get() == null) {
                task.result = sink.upload(number, part);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            part.release();
            slots.release();
            task.done.countDown();
        }
    }

    /**
     * Waits for every part.
     *
     * @return each part's result, in part order
     * @throws RuntimeException     the first failure of a part, as its sink threw it
     * @throws InterruptedException when interrupted while waiting
     */
    public List<R> finish() throws InterruptedException {
        List<R> results = new ArrayList<>(tasks.size());
        for (Task<R> t : tasks) {
            t.done.await();
            throwFailure();
            results.add(t.result);
        }
        finished = true;
        return results;
    }

    private void throwFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Unless {@link #finish()} returned: skips the parts not started, interrupts the running ones and
     * waits until they ended. Keeps the calling thread's interrupt flag. Idempotent.
     */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        failure.compareAndSet(null, new IllegalStateException("upload abandoned"));
        for (Task<R> t : tasks) {
            if (t.future != null) {
                t.future.cancel(true);
            }
        }
        boolean interrupted = false;
        for (Task<R> t : tasks) {
            if (t.started.compareAndSet(false, true)) {
                t.part.release();
                continue; // never ran and now never will
            }
            while (true) {
                try {
                    t.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
