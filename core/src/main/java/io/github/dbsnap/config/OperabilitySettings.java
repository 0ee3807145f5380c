package io.github.dbsnap.config;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.internal.Durations;
import io.github.dbsnap.internal.EnvReader;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The status and notification part of {@link SnapshotConfig}: the maximum snapshot age for status and
 * the webhook URLs. The URLs are secrets (push URLs carry tokens): never in messages or {@link #toString()}.
 */
record OperabilitySettings(Optional<Duration> statusMaxAge, Optional<URI> heartbeatUrl, Optional<URI> failureUrl) {

    /** Reads {@code STATUS_MAX_AGE}, {@code NOTIFY_HEARTBEAT_URL} and {@code NOTIFY_FAILURE_URL}, recording problems in {@code r}. */
    static OperabilitySettings read(EnvReader r) {
        return new OperabilitySettings(maxAge(r), url(r, "NOTIFY_HEARTBEAT_URL"), url(r, "NOTIFY_FAILURE_URL"));
    }

    private static Optional<Duration> maxAge(EnvReader r) {
        Optional<String> value = r.get("STATUS_MAX_AGE");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(value.get());
            if (!d.isNegative() && !d.isZero()) {
                return Optional.of(d);
            }
            r.problem("SNAPSHOTS_STATUS_MAX_AGE must be positive, was '" + value.get() + "'");
        } catch (RuntimeException e) {
            r.problem("SNAPSHOTS_STATUS_MAX_AGE '" + value.get() + "' is not a duration; use e.g. 36h, 2d or PT36H");
        }
        return Optional.empty();
    }

    private static Optional<URI> url(EnvReader r, String name) {
        Optional<String> value = r.get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value: it may carry a token
        }
        r.problem("SNAPSHOTS_" + name + " is not an http:// or https:// URL (value not shown: it may carry a token)");
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "status-max-age=" + statusMaxAge.map(Duration::toString).orElse("none") + ", notify="
                + (heartbeatUrl.isPresent() ? "heartbeat" : "") + (heartbeatUrl.isPresent() && failureUrl.isPresent() ? "+" : "")
                + (failureUrl.isPresent() ? "failure" : "") + (heartbeatUrl.isEmpty() && failureUrl.isEmpty() ? "none" : "");
    }
}
