package io.github.dbsnap.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the right bearer token every endpoint answers 401 and does nothing. */
class AdminApiAuthTest {
    @TempDir
    static Path dir;
    static AdminServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AdminServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<HttpRequest.Builder> everyEndpoint() {
        String body = "{\"database\":\"main\",\"uri\":\"/x/main.tar.zst\"}";
        List<HttpRequest.Builder> all = new ArrayList<>();
        for (String path : List.of("/v1/admin/snapshots", "/v1/admin/snapshots?database=main",
                "/v1/admin/snapshots/status", "/v1/admin/nope")) {
            all.add(server.request(path).GET());
        }
        for (String path : List.of("/v1/admin/snapshots/create", "/v1/admin/snapshots/restore")) {
            all.add(server.request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
        }
        return all;
    }

    @Test
    @DisplayName("no token, a wrong token, an empty token or another scheme: 401 with WWW-Authenticate on every endpoint")
    void everyEndpointNeedsTheToken() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + AdminServer.TOKEN).getBytes());
        List<String> wrong = List.of("Bearer wrong-token", "Bearer " + AdminServer.TOKEN + "x",
                "Bearer " + AdminServer.TOKEN.substring(1), "Bearer", "Bearer ", basic, AdminServer.TOKEN);
        int checked = 0;
        for (HttpRequest.Builder template : everyEndpoint()) {
            List<HttpResponse<String>> answers = new ArrayList<>();
            answers.add(server.send(template.copy().build()));
            for (String header : wrong) {
                answers.add(server.send(template.copy().header("Authorization", header).build()));
            }
            for (HttpResponse<String> r : answers) {
                assertThat(r.statusCode()).as(r.request().method() + " " + r.uri()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
                assertThat(AdminServer.json(r).get("error").asText()).isEqualTo("missing or invalid bearer token");
                assertThat(r.body()).doesNotContain(AdminServer.TOKEN);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6 * 8);
        assertThat(server.service.list("main")).as("nothing was created").isEmpty();
    }

    @Test
    @DisplayName("the scheme name is case-insensitive and the right token is accepted")
    void rightTokenIsAccepted() throws Exception {
        HttpResponse<String> r = server.send(server.request("/v1/admin/snapshots")
                .header("Authorization", "bearer " + AdminServer.TOKEN).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"snapshots\":[]}");
    }
}
