package io.github.dbsnap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbsnap.http.AdminApiConcurrencyTest.GatedStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Create and restore with {@code Prefer: respond-async}: 202 with a job URL, then the job's state, progress and outcome. */
class AdminJobsTest {
    private static final String CREATE = "/v1/admin/snapshots/create";
    private static final String RESTORE = "/v1/admin/snapshots/restore";
    @TempDir
    Path dir;

    private static HttpResponse<String> postAsync(AdminServer server, String path, String json) throws Exception {
        return server.send(server.authorized(path).header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Polls the job until it is no longer running. */
    private static JsonNode finished(AdminServer server, String url) throws Exception {
        while (true) {
            HttpResponse<String> r = server.get(url);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode job = AdminServer.json(r);
            if (!job.get("state").asText().equals("running")) {
                return job;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("an async create answers 202 with a Location; the job then reports succeeded with the snapshot and its bytes")
    void asyncCreate() throws Exception {
        try (AdminServer server = new AdminServer(dir)) {
            HttpResponse<String> accepted = postAsync(server, CREATE, "{\"database\":\"main\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode job = AdminServer.json(accepted);
            String url = job.get("url").asText();
            assertThat(url).startsWith("/v1/admin/snapshots/jobs/");
            assertThat(accepted.headers().firstValue("Location")).hasValue(url);
            assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
            assertThat(job.get("operation").asText()).isEqualTo("create");
            assertThat(job.get("database").asText()).isEqualTo("main");
            assertThat(job.get("bytesTotal").isNull()).as("a create's size is not known in advance").isTrue();

            JsonNode done = finished(server, url);
            assertThat(done.get("state").asText()).isEqualTo("succeeded");
            assertThat(done.get("error").isNull()).isTrue();
            assertThat(done.get("finishedAt").asText()).endsWith("Z");
            JsonNode snapshot = done.get("result");
            assertThat(done.get("bytesDone").asLong()).isEqualTo(snapshot.get("size").asLong()).isPositive();
            assertThat(AdminServer.json(server.get("/v1/admin/snapshots")).get("snapshots").get(0)).isEqualTo(snapshot);

            JsonNode all = AdminServer.json(server.get("/v1/admin/snapshots/jobs")).get("jobs");
            assertThat(all).hasSize(1);
            assertThat(all.get(0).get("id").asText()).isEqualTo(job.get("id").asText());
            // without the preference, create keeps its synchronous contract
            assertThat(server.post(CREATE, "{\"database\":\"main\"}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    @DisplayName("an async restore reports running with its total, refuses a second restore with 409, then brings the rows back")
    void asyncRestore() throws Exception {
        GatedStorage[] gate = new GatedStorage[1];
        try (AdminServer server = new AdminServer(dir, s -> gate[0] = new GatedStorage(s))) {
            JsonNode snap = AdminServer.json(server.post(CREATE, "{\"database\":\"main\"}"));
            server.sql("DELETE FROM audit");
            gate[0].blocking = true;
            String body = "{\"uri\":\"" + snap.get("uri").asText() + "\"}";

            HttpResponse<String> accepted = postAsync(server, RESTORE, body);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode job = AdminServer.json(accepted);
            assertThat(job.get("operation").asText()).isEqualTo("restore");
            assertThat(job.get("bytesTotal").asLong()).isEqualTo(snap.get("size").asLong());
            assertThat(gate[0].reading.await(30, TimeUnit.SECONDS)).isTrue();

            JsonNode running = AdminServer.json(server.get(job.get("url").asText()));
            assertThat(running.get("state").asText()).isEqualTo("running");
            assertThat(running.get("result").isNull()).isTrue();
            HttpResponse<String> second = postAsync(server, RESTORE, body);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(server.post(RESTORE, body).statusCode()).as("synchronous too").isEqualTo(409);

            gate[0].release.countDown();
            JsonNode done = finished(server, job.get("url").asText());
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.get("bytesDone").asLong()).isEqualTo(snap.get("size").asLong());
            assertThat(done.get("result").get("database").asText()).isEqualTo("main");
            assertThat(server.auditRows()).isEqualTo(200);
            gate[0].blocking = false;
            assertThat(server.post(RESTORE, body).statusCode()).as("the database is free again").isEqualTo(200);
        }
    }

    @Test
    @DisplayName("an async restore of a tampered snapshot fails with the one-line error and leaves the live database as it was")
    void asyncRestoreOfTamperedSnapshot() throws Exception {
        try (AdminServer server = new AdminServer(dir)) {
            JsonNode snap = AdminServer.json(server.post(CREATE, "{\"database\":\"main\"}"));
            String tampered = server.tamperedCopy(java.net.URI.create(snap.get("uri").asText()));
            server.sql("DELETE FROM audit WHERE id > 120");
            byte[] live = Files.readAllBytes(server.db);

            HttpResponse<String> accepted = postAsync(server, RESTORE, "{\"uri\":\"" + tampered + "\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode done = finished(server, AdminServer.json(accepted).get("url").asText());
            assertThat(done.get("state").asText()).isEqualTo("failed");
            assertThat(done.get("result").isNull()).isTrue();
            assertThat(done.get("error").asText()).endsWith("(the live database is unchanged)").doesNotContain("\n");
            assertThat(Files.readAllBytes(server.db)).isEqualTo(live);
            assertThat(server.auditRows()).isEqualTo(120);
        }
    }

    @Test
    @DisplayName("input errors answer at once, not as jobs; an unknown job is 404; jobs need the token")
    void errorsBeforeTheJob() throws Exception {
        try (AdminServer server = new AdminServer(dir)) {
            assertThat(postAsync(server, CREATE, "{\"database\":\"redis\"}").statusCode()).isEqualTo(404);
            assertThat(postAsync(server, CREATE, "{}").statusCode()).isEqualTo(400);
            assertThat(postAsync(server, RESTORE, "{\"uri\":\"/nope/main.tar.zst\"}").statusCode()).isEqualTo(404);
            HttpResponse<String> unknown = server.get("/v1/admin/snapshots/jobs/not-a-job");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(AdminServer.json(unknown).get("error").asText()).contains("only the last 50 jobs are kept");
            assertThat(server.post("/v1/admin/snapshots/jobs", "{}").statusCode()).isEqualTo(405);
            assertThat(server.send(server.request("/v1/admin/snapshots/jobs").GET().build()).statusCode()).isEqualTo(401);
            assertThat(AdminServer.json(server.get("/v1/admin/snapshots/jobs")).get("jobs")).isEmpty();

            server.api.close();
            HttpResponse<String> closed = postAsync(server, CREATE, "{\"database\":\"main\"}");
            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(503);
            assertThat(server.post(CREATE, "{\"database\":\"main\"}").statusCode()).as("synchronous still works").isEqualTo(201);
        }
    }
}
