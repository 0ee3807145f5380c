package io.github.dbsnap;

import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.spi.StorageProvider;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the key of a new snapshot. When the prefix template holds {@code ${iso_date()}} and the key
 * for the creation millisecond is taken (by a snapshot in storage, or by a create still running in
 * this service), it moves the creation instant forward one millisecond at a time until the key is
 * free, so concurrent creates of one database get distinct keys in the documented format. The
 * storage's no-overwrite guarantee settles races with other processes: the loser's write fails with
 * {@link SnapshotExistsException} and the service allocates again. Thread-safe.
 */
final class KeyAllocator {
    /** How far forward a clash may move the creation instant: one second. */
    static final int MAX_SHIFT_MILLIS = 1000;

    private final KeyTemplate prefix;
    private final StorageProvider storage;
    private final String extension;
    private final String hostname;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    KeyAllocator(KeyTemplate prefix, StorageProvider storage, String extension, String hostname) {
        this.prefix = prefix;
        this.storage = storage;
        this.extension = extension;
        this.hostname = hostname;
    }

    /** A key held for one create until {@link #close()}. */
    final class Reservation implements AutoCloseable {
        final String key;
        final Instant createdAt;

        private Reservation(String key, Instant createdAt) {
            this.key = key;
            this.createdAt = createdAt;
        }

        @Override
        public void close() {
            inFlight.remove(key);
        }
    }

    /** @return whether a clash can be avoided by moving the instant (the template is dated) */
    boolean dated() {
        return prefix.hasDate();
    }

    /**
     * Reserves the first free key at or after {@code earliest}.
     *
     * @throws SnapshotExistsException when the key is taken and the template has no date, or no key
     *                                 within {@link #MAX_SHIFT_MILLIS} is free
     */
    Reservation reserve(String database, Instant earliest) {
        SnapshotExistsException last = null;
        int shifts = prefix.hasDate() ? MAX_SHIFT_MILLIS : 1;
        for (int i = 0; i < shifts; i++) {
            Instant at = earliest.plusMillis(i);
            String key = keyFor(database, at);
            if (!inFlight.add(key)) {
                last = new SnapshotExistsException(key, storage.location().toString());
                continue;
            }
            boolean exists;
            try {
                exists = storage.stat(key).isPresent();
            } catch (RuntimeException e) {
                inFlight.remove(key);
                throw e;
            }
            if (!exists) {
                return new Reservation(key, at);
            }
            inFlight.remove(key);
            last = new SnapshotExistsException(key, storage.location().toString());
        }
        throw last;
    }

    private String keyFor(String database, Instant at) {
        String dir = prefix.expand(at, database, hostname);
        return (dir.isEmpty() ? "" : dir + "/") + database + extension;
    }
}
