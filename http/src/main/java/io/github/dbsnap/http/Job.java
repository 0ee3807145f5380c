package io.github.dbsnap.http;

import io.github.dbsnap.Operation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One create or restore run in the background: state, bytes transferred, and its result or one-line
 * error. Thread-safe; the worker thread finishes it, request threads read it.
 */
final class Job {
    enum State { RUNNING, SUCCEEDED, FAILED }

    final String id;
    final Operation operation;
    final String database;
    private final Instant startedAt;
    private final Long bytesTotal;
    private volatile long bytesDone;
    private State state = State.RUNNING;
    private Instant finishedAt;
    private Map<String, Object> result;
    private String error;

    /** @param bytesTotal bytes the operation will transfer, or null when unknown (a create) */
    Job(String id, Operation operation, String database, Long bytesTotal, Instant startedAt) {
        this.id = id;
        this.operation = operation;
        this.database = database;
        this.bytesTotal = bytesTotal;
        this.startedAt = startedAt;
    }

    void progress(long bytes) {
        bytesDone = bytes;
    }

    synchronized boolean running() {
        return state == State.RUNNING;
    }

    synchronized void succeeded(Map<String, Object> answer, long bytes, Instant at) {
        bytesDone = bytes;
        result = answer;
        finish(State.SUCCEEDED, at);
    }

    synchronized void failed(String message, Instant at) {
        error = message;
        finish(State.FAILED, at);
    }

    private void finish(State s, Instant at) {
        state = s;
        finishedAt = at;
    }

    /** @return the job as the JSON object documented in docs/http.md */
    synchronized Map<String, Object> toMap(String url) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("url", url);
        m.put("operation", operation.name().toLowerCase(Locale.ROOT));
        m.put("database", database);
        m.put("state", state.name().toLowerCase(Locale.ROOT));
        m.put("startedAt", startedAt.toString());
        m.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        m.put("bytesDone", bytesDone);
        m.put("bytesTotal", bytesTotal);
        m.put("result", result);
        m.put("error", error);
        return m;
    }
}
