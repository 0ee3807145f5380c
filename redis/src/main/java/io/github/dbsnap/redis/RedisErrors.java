package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.RedisFuture;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Turns Lettuce failures into {@link DatabaseSourceException}s and waits for pipelined replies. */
final class RedisErrors {
    private RedisErrors() {
    }

    static DatabaseSourceException wrap(String what, Throwable t) {
        if (t instanceof DatabaseSourceException d) {
            return d;
        }
        Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new DatabaseSourceException("redis: " + what + ": " + detail, cause);
    }

    /** Waits for one reply; the connection's own command timeout normally fires first. */
    static <T> T await(RedisFuture<T> f, long timeoutMillis, String what) {
        try {
            return f.get(timeoutMillis + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw wrap(what + " interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw wrap(what + " failed", e);
        }
    }

    static void awaitAll(List<? extends RedisFuture<?>> futures, long timeoutMillis, String what) {
        for (RedisFuture<?> f : futures) {
            await(f, timeoutMillis, what);
        }
    }
}
