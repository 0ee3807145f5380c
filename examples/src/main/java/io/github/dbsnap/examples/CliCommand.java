package io.github.dbsnap.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.dbsnap.SnapshotInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Base of the subcommands. */
abstract class CliCommand implements Callable<Integer> {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    CliContext context;

    static Map<String, Object> json(SnapshotInfo s) {
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

    void printJson(Object value) throws Exception {
        context.out().println(JSON.writeValueAsString(value));
        context.out().flush();
    }
}
