package io.github.dbsnap;

import java.time.Instant;
import java.util.Objects;

/**
 * One generation of a database's point-in-time log: {@code restore(database, instant)} reaches any
 * instant from {@code from} to {@code to}.
 *
 * @param generation the generation's id
 * @param snapshot   the key of the snapshot the generation starts from
 * @param from       the first restorable instant (when the snapshot was stored)
 * @param to         the time of the newest stored segment (or {@code from})
 * @param segments   stored segments
 * @param bytes      their total size
 * @param reason     why the generation began
 */
public record PitrWindow(String generation, String snapshot, Instant from, Instant to, int segments, long bytes, String reason) {
    /** Validates the components. */
    public PitrWindow {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
