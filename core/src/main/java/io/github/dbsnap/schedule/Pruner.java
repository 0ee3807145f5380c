package io.github.dbsnap.schedule;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a {@link RetentionPolicy} to the snapshots of a database in a {@link SnapshotService}:
 * lists them, decides with {@link RetentionPolicy#apply}, and deletes the rest through
 * {@link SnapshotService#delete(String)}. Thread-safe; does not close the service.
 */
public final class Pruner {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final SnapshotService service;
    private final RetentionPolicy policy;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param service where the snapshots are
     * @param policy  what to keep
     * @param zone    the zone days, weeks and months are read in
     * @param clock   the clock {@code maxAge} is measured by
     */
    public Pruner(SnapshotService service, RetentionPolicy policy, ZoneId zone, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the policy applied */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Applies the policy to one database.
     *
     * @param database the database whose snapshots are pruned
     * @param dryRun   true to only report what would be deleted
     * @return what was kept and deleted
     * @throws StorageException when listing failed, or when some deletions failed (after trying every one)
     */
    public PruneResult prune(String database, boolean dryRun) {
        long started = System.nanoTime();
        List<SnapshotInfo> all = service.list(database);
        PruneResult plan = policy.apply(all, zone, clock.instant());
        if (dryRun || plan.deleted().isEmpty()) {
            log.debug("Retention for '{}': keeps {}, {} {}", database, plan.kept().size(),
                    dryRun ? "would delete" : "deletes", plan.deleted().size());
            return new PruneResult(plan.kept(), plan.deleted(), dryRun, Duration.ofNanos(System.nanoTime() - started));
        }
        List<SnapshotInfo> deleted = new ArrayList<>();
        List<SnapshotInfo> failedToDelete = new ArrayList<>();
        DbsnapException first = null;
        for (SnapshotInfo s : plan.deleted()) {
            try {
                service.delete(s.key());
                deleted.add(s);
            } catch (DbsnapException e) {
                failedToDelete.add(s);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new StorageException("retention for '" + database + "': " + failedToDelete.size() + " of "
                    + plan.deleted().size() + " deletions failed, first: " + first.getMessage(), first);
        }
        log.info("Retention for '{}': kept {}, deleted {}", database, plan.kept().size(), deleted.size());
        return new PruneResult(plan.kept(), deleted, false, Duration.ofNanos(System.nanoTime() - started));
    }
}
