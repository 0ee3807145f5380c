package io.github.dbsnap.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A named, time-limited mutual-exclusion lease shared by several scheduler instances (several
 * processes or machines running the same configuration), so that each scheduled run happens on
 * exactly one of them.
 *
 * <p><b>Names.</b> The scheduler asks for one name per job and per tick:
 * {@code dbsnap:lock:<database>:<tick-epoch-second>} for snapshots and
 * {@code dbsnap:lock:verify:<database>:<tick-epoch-second>} for verification, where the tick is the
 * fire time computed from the cron expression (not the instance's "now"). Every instance computes
 * the same name for the same tick, so the first to ask wins and the others skip that tick. Since a
 * name is never reused, a lease need not be released for the next tick to run.
 *
 * <p><b>Contract for implementations.</b>
 * <ul>
 *   <li>{@link #tryAcquire} is atomic across every instance that shares the lock store: for a name, at
 *       most one unexpired lease exists at any time. It never blocks waiting for the lease.</li>
 *   <li>Each successful acquisition gets a fresh, unguessable token (e.g. 128 random bits). The store
 *       holds the token as the lease's value.</li>
 *   <li>The lease expires {@code ttl} after acquisition, measured by the lock store's own clock (Redis
 *       {@code SET name token NX PX ttl}), never by the holders' clocks, so clock skew between instances
 *       does not shorten or lengthen it. A holder that crashes loses its lease when the ttl ends.</li>
 *   <li>{@link Lease#release()} deletes the lease only if it still holds the holder's token (Redis: a
 *       compare-and-delete script), so a holder whose lease expired and was taken over can never
 *       release someone else's lease.</li>
 *   <li>Backend failures are reported as {@link io.github.dbsnap.StorageException}; the scheduler then
 *       skips that tick rather than risk a double run.</li>
 * </ul>
 * Thread-safe. The caller that created a lock closes it, if it holds resources.
 */
public interface SchedulerLock {

    /**
     * Tries to take the lease {@code name} for {@code ttl}.
     *
     * @param name the lease name, e.g. {@code dbsnap:lock:main:1767225600}
     * @param ttl  how long the lease lasts unless released; positive
     * @return the lease, or empty when another holder has an unexpired lease on that name
     * @throws io.github.dbsnap.StorageException when the lock store cannot be reached
     */
    Optional<Lease> tryAcquire(String name, Duration ttl);

    /** A lease held by this holder; thread-safe. */
    interface Lease {

        /** @return the lease name */
        String name();

        /** @return the holder's token, unique to this acquisition; never logged by dbsnap */
        String token();

        /** @return when the lease ends at the latest, by the acquiring instance's clock (for information) */
        Instant expiresAt();

        /**
         * Ends the lease early if this holder still holds it; idempotent.
         *
         * @return true when this call removed the lease, false when it had expired, was released
         *         before, or is now held by someone else (whose lease is left alone)
         */
        boolean release();
    }
}
