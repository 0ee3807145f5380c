package io.github.dbsnap.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.http.SnapshotJson;

import java.util.Map;
import java.util.concurrent.Callable;

/** Base of the subcommands. */
abstract class CliCommand implements Callable<Integer> {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    CliContext context;

    static Map<String, Object> json(SnapshotInfo s) {
        return SnapshotJson.snapshot(s);
    }

    void printJson(Object value) throws Exception {
        context.out().println(JSON.writeValueAsString(value));
        context.out().flush();
    }
}
