package io.github.dbsnap.spring;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes each restore of a {@link SnapshotService} as a {@link SnapshotRestoredEvent}. */
final class RestoredEventPublisher implements SnapshotListener, AutoCloseable {
    private final SnapshotService service;
    private final ApplicationEventPublisher publisher;

    RestoredEventPublisher(SnapshotService service, ApplicationEventPublisher publisher) {
        this.service = service;
        this.publisher = publisher;
        service.addListener(this);
    }

    @Override
    public void onRestored(RestoreResult result) {
        publisher.publishEvent(new SnapshotRestoredEvent(service, result));
    }

    @Override
    public void close() {
        service.removeListener(this);
    }
}
