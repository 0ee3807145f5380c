package io.github.dbsnap.notify;

/**
 * Told about the outcome of scheduled runs, to tell someone else (a webhook, a chat, a pager).
 * Fed by a {@link NotifyingListener} registered with the scheduler.
 *
 * <p>Called on the scheduler's threads: implementations return quickly (deliver asynchronously),
 * are thread-safe and must not throw; a throwing notifier is logged and ignored, and never fails
 * a snapshot. {@link #close()} releases threads and is idempotent.
 */
public interface Notifier extends AutoCloseable {

    /** A scheduled snapshot or verification succeeded. */
    void onSuccess(NotificationEvent event);

    /** A scheduled snapshot or verification failed on its last attempt, or retention after it failed. */
    void onFailure(NotificationEvent event);

    /** Releases resources; pending deliveries may be dropped. Default: nothing to release. */
    @Override
    default void close() {
    }
}
