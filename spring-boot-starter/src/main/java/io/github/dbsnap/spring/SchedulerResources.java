package io.github.dbsnap.spring;

import io.github.dbsnap.SchedulerLocks;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.notify.NotifyingListener;
import io.github.dbsnap.notify.WebhookNotifier;
import io.github.dbsnap.schedule.SnapshotSchedulerBuilder;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * What the auto-configured scheduler uses besides the service: the lock scheduled runs take (the
 * application's {@link SchedulerLock} bean, else the Redis lock of {@code dbsnap.lock.redis-url}, else the
 * scheduler's in-process lock) and the webhook notifier of {@code dbsnap.notify.*}. Closes what it created.
 */
final class SchedulerResources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerResources.class);
    private final SchedulerLock lock;
    private final boolean ownsLock;
    private final Optional<WebhookNotifier> notifier;

    SchedulerResources(SchedulerLock applicationLock, SnapshotConfig config) {
        if (applicationLock != null) {
            this.lock = applicationLock;
            this.ownsLock = false;
        } else {
            this.lock = config.lockRedisUrl()
                    .map(url -> SchedulerLocks.create("redis", ProviderConfig.of(Map.of("url", url)))).orElse(null);
            this.ownsLock = lock != null;
        }
        this.notifier = config.webhookNotifier();
    }

    /** Gives the builder the lock and, when configured, the notifying listener. */
    SnapshotSchedulerBuilder applyTo(SnapshotSchedulerBuilder builder) {
        notifier.ifPresent(n -> builder.listener(new NotifyingListener(n)));
        return builder.lock(lock);
    }

    @Override
    public void close() {
        notifier.ifPresent(WebhookNotifier::close);
        if (ownsLock && lock instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("dbsnap: closing the scheduler lock failed ({})", e.getClass().getSimpleName());
            }
        }
    }
}
