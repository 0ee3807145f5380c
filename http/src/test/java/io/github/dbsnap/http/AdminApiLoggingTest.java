package io.github.dbsnap.http;

import io.github.dbsnap.testing.ForwardingStorage;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StoredObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Unexpected failures answer a generic 500; neither answers nor logs ever contain the token. */
class AdminApiLoggingTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a storage failure answers 500 with a generic line; the token is in no answer and no log line")
    void failuresAreGenericAndTheTokenNeverLeaks() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<HttpResponse<String>> answers = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (AdminServer server = new AdminServer(dir, s -> new ForwardingStorage(s) {
            @Override
            public StoredObject write(String key, InputStream data) {
                throw new StorageException("disk on fire at " + key);
            }
        })) {
            HttpResponse<String> failed = server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(AdminServer.json(failed).get("error").asText()).isEqualTo("create failed; see the server log");
            answers.add(failed);
            answers.add(server.post("/v1/admin/snapshots/restore", "{\"uri\":\"/a/main.tar.zst\"}"));
            answers.add(server.post("/v1/admin/snapshots/create", "{\"database\":\"redis\"}"));
            answers.add(server.send(server.request("/v1/admin/snapshots")
                    .header("Authorization", "Bearer " + AdminServer.TOKEN + "-wrong").GET().build()));
            answers.add(server.get("/v1/admin/snapshots"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertThat(log).as("the 500 was logged with its cause").contains("disk on fire");
        assertThat(log).contains("POST /v1/admin/snapshots/restore answered 404");
        assertThat(log).doesNotContain(AdminServer.TOKEN);
        for (HttpResponse<String> r : answers) {
            assertThat(r.body()).doesNotContain(AdminServer.TOKEN).doesNotContain("\tat ");
        }
    }
}
