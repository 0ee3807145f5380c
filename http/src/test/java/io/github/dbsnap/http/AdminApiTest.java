package io.github.dbsnap.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP against a real service: round trip, input errors, corrupt snapshots. */
class AdminApiTest {
    @TempDir
    Path dir;
    AdminServer server;

    @BeforeEach
    void start() throws Exception {
        server = new AdminServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String containing) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = AdminServer.json(r);
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).contains(containing).doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("create, list and restore round trip: the data changed after the snapshot is back")
    void roundTrip() throws Exception {
        HttpResponse<String> created = server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode snap = AdminServer.json(created);
        assertThat(snap.get("uri").asText()).startsWith("file:///").endsWith("/main.tar.zst");
        assertThat(snap.get("database").asText()).isEqualTo("main");
        assertThat(snap.get("size").asLong()).isPositive();
        assertThat(snap.get("encrypted").asBoolean()).isFalse();
        assertThat(snap.get("createdAt").asText()).endsWith("Z");

        for (String path : new String[] {"/v1/admin/snapshots", "/v1/admin/snapshots?database=main"}) {
            HttpResponse<String> list = server.get(path);
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode all = AdminServer.json(list).get("snapshots");
            assertThat(all).hasSize(1);
            assertThat(all.get(0)).isEqualTo(snap);
        }

        server.sql("DELETE FROM audit");
        assertThat(server.auditRows()).isZero();
        HttpResponse<String> restored = server.post("/v1/admin/snapshots/restore",
                "{\"uri\":\"" + snap.get("uri").asText() + "\"}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        JsonNode result = AdminServer.json(restored);
        assertThat(result.get("database").asText()).isEqualTo("main");
        assertThat(result.get("snapshot")).isEqualTo(snap);
        assertThat(result.get("tookMillis").asLong()).isNotNegative();
        assertThat(result.has("counts")).isTrue();
        assertThat(server.auditRows()).isEqualTo(200);

        HttpResponse<String> byKey = server.post("/v1/admin/snapshots/restore",
                "{\"uri\":\"/" + snap.get("key").asText() + "\",\"database\":\"main\"}");
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("bad JSON, missing or mistyped fields, unknown fields: 400")
    void badRequests() throws Exception {
        String restore = "/v1/admin/snapshots/restore";
        assertError(server.post(restore, "{\"uri\":"), 400, "not valid JSON");
        assertError(server.post(restore, "{\"uri\":\"a\"} trailing"), 400, "not valid JSON");
        assertError(server.post(restore, ""), 400, "JSON object");
        assertError(server.post(restore, "[\"uri\"]"), 400, "JSON object");
        assertError(server.post(restore, "{}"), 400, "missing field 'uri'");
        assertError(server.post(restore, "{\"database\":\"main\"}"), 400, "missing field 'uri'");
        assertError(server.post(restore, "{\"uri\":42}"), 400, "'uri' must be a string");
        assertError(server.post(restore, "{\"uri\":\"x\",\"uri\":\"y\"}"), 400, "not valid JSON");
        assertError(server.post(restore, "{\"url\":\"/a/main.tar.zst\"}"), 400, "unknown field 'url'");
        assertError(server.post(restore, "{\"uri\":\"../../etc/main.tar.zst\"}"), 400, "escapes the storage root");
        assertError(server.post(restore, "{\"uri\":\"/a/notes.txt\"}"), 400, "not a snapshot name");
        assertError(server.post("/v1/admin/snapshots/create", "{\"database\":[\"main\"]}"), 400, "must be a string");
        assertError(server.post("/v1/admin/snapshots/create", "{}"), 400, "missing field 'database'");
        assertError(server.get("/v1/admin/snapshots?database=main&database=redis"), 400, "more than once");
    }

    @Test
    @DisplayName("unknown snapshot, database or path: 404; wrong method: 405")
    void notFoundAndWrongMethod() throws Exception {
        assertError(server.post("/v1/admin/snapshots/restore", "{\"uri\":\"/backups/nope/main.tar.zst\"}"),
                404, "not found");
        assertError(server.post("/v1/admin/snapshots/create", "{\"database\":\"redis\"}"), 404, "unknown database 'redis'");
        assertError(server.get("/v1/admin/snapshots?database=redis"), 404, "unknown database");
        assertError(server.get("/v1/admin/snapshots/status/x"), 404, "no such endpoint");
        assertError(server.get("/v1/admin/snapshots/"), 404, "no such endpoint");
        assertError(server.get("/v1/admin/other"), 404, "no such endpoint");

        HttpResponse<String> get = server.get("/v1/admin/snapshots/create");
        assertError(get, 405, "use POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> post = server.post("/v1/admin/snapshots", "{}");
        assertError(post, 405, "use GET");
        assertThat(server.send(server.authorized("/v1/admin/snapshots/restore")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(405);
    }

    @Test
    @DisplayName("bodies over 64 KiB are refused with 413, with or without Content-Length")
    void largeBodies() throws Exception {
        byte[] big = new byte[100 * 1024];
        Arrays.fill(big, (byte) ' ');
        String path = "/v1/admin/snapshots/create";
        HttpResponse<String> sized = server.send(server.authorized(path)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        assertError(sized, 413, "larger than 64 KiB");
        HttpResponse<String> chunked = server.send(server.authorized(path)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertError(chunked, 413, "larger than 64 KiB");

        // just under the limit is read (and then refused for what it says, not for its size)
        byte[] fits = new byte[64 * 1024 - 20];
        Arrays.fill(fits, (byte) ' ');
        byte[] json = "{\"database\":\"main\"}".getBytes();
        System.arraycopy(json, 0, fits, 0, json.length);
        HttpResponse<String> ok = server.send(server.authorized(path)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fits))).build());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(server.service.list("main")).as("no snapshot from the refused bodies").hasSize(1);
    }

    @Test
    @DisplayName("a corrupt or truncated snapshot answers 400 and leaves the live database unchanged")
    void corruptSnapshot() throws Exception {
        JsonNode snap = AdminServer.json(server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}"));
        Path file = Path.of(java.net.URI.create(snap.get("uri").asText()));
        byte[] bytes = Files.readAllBytes(file);
        server.sql("DELETE FROM audit WHERE id > 150");
        byte[] live = Files.readAllBytes(server.db);

        Path flipped = server.snapshots.resolve("flipped/main.tar.zst");
        Files.createDirectories(flipped.getParent());
        byte[] bad = bytes.clone();
        bad[bad.length / 2] ^= 0x40;
        Files.write(flipped, bad);
        Path truncated = server.snapshots.resolve("truncated/main.tar.zst");
        Files.createDirectories(truncated.getParent());
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        for (String key : new String[] {"/flipped/main.tar.zst", "/truncated/main.tar.zst"}) {
            HttpResponse<String> r = server.post("/v1/admin/snapshots/restore", "{\"uri\":\"" + key + "\"}");
            assertError(r, 400, "the live database is unchanged");
        }
        assertThat(Files.readAllBytes(server.db)).isEqualTo(live);
        assertThat(server.auditRows()).isEqualTo(150);
    }
}
