package io.github.dbsnap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The service's listeners, called in order; a throwing listener is logged and ignored. */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
    private final List<SnapshotListener> list;

    Listeners(List<SnapshotListener> initial) {
        this.list = new CopyOnWriteArrayList<>(initial);
    }

    void add(SnapshotListener listener) {
        list.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(SnapshotListener listener) {
        list.remove(listener);
    }

    void progress(String database, Operation op, long bytes) {
        for (SnapshotListener l : list) {
            safely(() -> l.onProgress(database, op, bytes));
        }
    }

    void created(SnapshotInfo info, SnapshotStats stats) {
        for (SnapshotListener l : list) {
            safely(() -> l.onCreated(info, stats));
        }
    }

    void restored(RestoreResult result) {
        for (SnapshotListener l : list) {
            safely(() -> l.onRestored(result));
        }
    }

    void verified(VerifyResult result) {
        for (SnapshotListener l : list) {
            safely(() -> l.onVerified(result));
        }
    }

    void failure(String database, Operation op, DbsnapException e) {
        log.debug("{} of '{}' failed: {}", op, database, e.getMessage());
        for (SnapshotListener l : list) {
            safely(() -> l.onFailure(database, op, e));
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Snapshot listener failed: {}", e.toString());
        }
    }
}
