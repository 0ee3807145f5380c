package io.github.dbsnap.spring;

import io.github.dbsnap.RestoreResult;
import org.springframework.context.ApplicationEvent;

/**
 * Published after a snapshot was restored into live data, on the thread that restored it, so that the
 * application can refresh its caches or connection pools. The source is the {@code SnapshotService}.
 */
public class SnapshotRestoredEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;
    private final transient RestoreResult result;

    /**
     * @param source the service that restored
     * @param result what was restored
     */
    public SnapshotRestoredEvent(Object source, RestoreResult result) {
        super(source);
        this.result = result;
    }

    /** @return what was restored: the snapshot, the database, counts and duration */
    public RestoreResult result() {
        return result;
    }

    /** @return the name of the restored database, e.g. {@code main} */
    public String database() {
        return result.database();
    }
}
