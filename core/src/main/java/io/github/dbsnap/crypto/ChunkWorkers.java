package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import io.github.dbsnap.spi.DaemonThreads;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent STREAM chunks on a small shared pool of daemon threads, or inline when parallelism is 1.
 * Streams keep at most {@link #maxInFlight()} chunks queued, so memory stays bounded.
 */
final class ChunkWorkers {
    static final int DEFAULT_PARALLELISM = Math.min(4, Runtime.getRuntime().availableProcessors());
    private static final int POOL_SIZE = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private final int parallelism;

    ChunkWorkers(int parallelism) {
        this.parallelism = parallelism;
    }

    int maxInFlight() {
        return parallelism <= 1 ? 1 : 2 * parallelism;
    }

    <T> Future<T> submit(Callable<T> task) {
        if (parallelism > 1) {
            return Pool.EXECUTOR.submit(task);
        }
        try {
            return CompletableFuture.completedFuture(task.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an age chunk");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new EncryptionException("age chunk processing failed", c);
        }
    }

    /** Holder idiom: the pool is created on first parallel use only. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(POOL_SIZE, DaemonThreads.factory("dbsnap-age"));
    }
}
