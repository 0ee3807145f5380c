package io.github.dbsnap.examples;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of snapshots and restores, shared by the CLI's {@code --json} output and the admin API. */
final class SnapshotJson {
    private SnapshotJson() {
    }

    static Map<String, Object> snapshot(SnapshotInfo s) {
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

    static Map<String, Object> restore(RestoreResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", r.database());
        m.put("snapshot", snapshot(r.snapshot()));
        m.put("source", r.source());
        m.put("counts", new TreeMap<>(r.counts()));
        m.put("tookMillis", r.took().toMillis());
        return m;
    }
}
