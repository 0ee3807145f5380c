package io.github.dbsnap.status;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns statuses into the JSON shape documented in docs/operability.md. */
final class StatusMaps {
    private StatusMaps() {
    }

    static Map<String, Object> status(SnapshotStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", s.generatedAt().toString());
        m.put("healthy", s.healthy());
        m.put("databases", s.databases().stream().map(StatusMaps::database).toList());
        return m;
    }

    static Map<String, Object> database(DatabaseStatus d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", d.database());
        m.put("health", d.health().name());
        m.put("healthy", d.health().healthy());
        m.put("reason", d.reason());
        m.put("schedule", d.schedule().orElse(null));
        m.put("schedulePeriodSeconds", d.schedulePeriod().map(p -> p.toSeconds()).orElse(null));
        m.put("nextRun", d.nextRun().map(Object::toString).orElse(null));
        m.put("newestSnapshot", d.newestSnapshot().map(s -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("uri", s.uri().toString());
            n.put("createdAt", s.createdAt().toString());
            n.put("size", s.size());
            n.put("ageSeconds", d.newestAge().map(a -> a.toSeconds()).orElse(null));
            return n;
        }).orElse(null));
        m.put("snapshotCount", d.snapshotCount());
        m.put("totalSize", d.totalSize());
        m.put("lastSuccess", d.lastSuccess().map(s -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("at", s.at().toString());
            n.put("uri", s.uri().toString());
            n.put("size", s.size());
            n.put("durationMs", s.took().map(t -> t.toMillis()).orElse(null));
            return n;
        }).orElse(null));
        m.put("lastFailure", d.lastFailure().map(f -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("at", f.at().toString());
            n.put("operation", f.operation().name().toLowerCase(java.util.Locale.ROOT));
            n.put("reason", f.reason());
            n.put("cause", f.cause());
            return n;
        }).orElse(null));
        m.put("lastVerification", d.lastVerification().map(v -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("at", v.at().toString());
            n.put("ok", v.ok());
            n.put("uri", v.uri().map(Object::toString).orElse(null));
            n.put("reason", v.reason().orElse(null));
            return n;
        }).orElse(null));
        m.put("storageError", d.storageError().orElse(null));
        return m;
    }
}
