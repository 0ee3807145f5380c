package io.github.dbsnap.http;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of snapshots and restores (documented in {@code docs/http.md}), as maps ready for
 * Jackson: what the admin API answers and what {@code dbsnap … --json} prints.
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    /** @return uri, key, database, size, createdAt, compression and encrypted of a stored snapshot */
    public static Map<String, Object> snapshot(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", s.uri().toString());
        m.put("key", s.key());
        m.put("database", s.database());
        m.put("size", s.size());
        m.put("createdAt", s.createdAt().toString());
        m.put("compression", s.compression().id());
        m.put("encrypted", s.encrypted());
        return m;
    }

    /** @return database, snapshot, source, counts and tookMillis of a restore */
    public static Map<String, Object> restore(RestoreResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", r.database());
        m.put("snapshot", snapshot(r.snapshot()));
        m.put("source", r.source());
        m.put("counts", new TreeMap<>(r.counts()));
        m.put("tookMillis", r.took().toMillis());
        return m;
    }
}
