package io.github.dbsnap.http;

import com.sun.net.httpserver.HttpServer;
import io.github.dbsnap.ConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page's files over HTTP: served without the token, under a strict CSP, at the path the host chose. */
class SnapshotsPageTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("the page and its files need no token, carry the CSP and set no cookie; the API behind it still needs the token")
    void servedWithoutTokenUnderCsp() throws Exception {
        try (AdminServer server = new AdminServer(dir)) {
            for (String file : List.of("", "/", "/app.js", "/app.css", "/icon.svg")) {
                HttpResponse<String> r = server.send(server.request(AdminApi.UI_PATH + file).GET().build());
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(SnapshotsPage.CSP);
                assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(r.headers().map()).doesNotContainKey("set-cookie");
            }
            HttpResponse<String> html = server.send(server.request(AdminApi.UI_PATH).GET().build());
            assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(html.body())
                    .contains("<script src=\"/v1/admin/snapshots/ui/app.js\" defer></script>")
                    .contains("content=\"/v1/admin/snapshots\"")
                    .doesNotContain("<style", "style=\"", "onclick", "http://", "https://", "{{");
            assertThat(html.body().replace("<script src=", "")).doesNotContain("<script");

            assertThat(server.send(server.request(AdminApi.UI_PATH + "/other.js").GET().build()).statusCode()).isEqualTo(401);
            assertThat(server.send(server.request("/v1/admin/snapshots").GET().build()).statusCode()).isEqualTo(401);
            HttpResponse<String> post = server.send(server.request(AdminApi.UI_PATH)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        }
    }

    @Test
    @DisplayName("a host can serve the page at its own path, which mount() adds as a context; or serve none")
    void pathOfTheHostsChoice() throws Exception {
        try (AdminServer server = new AdminServer(dir)) {
            HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AdminApi api = new AdminApi(server.service, AdminServer.TOKEN).uiPath("/admin/snapshots");
            api.mount(other);
            other.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + other.getAddress().getPort());
                HttpResponse<String> page = server.send(HttpRequest.newBuilder(base.resolve("/admin/snapshots")).GET().build());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("src=\"/admin/snapshots/app.js\"").contains("content=\"/v1/admin/snapshots\"");
                assertThat(server.send(HttpRequest.newBuilder(base.resolve(AdminApi.UI_PATH)).GET().build()).statusCode())
                        .isEqualTo(401);
            } finally {
                other.stop(0);
                api.close();
            }
            for (String endpoint : List.of("/v1/admin/snapshots", "/v1/admin/snapshots/status", "/v1/admin/snapshots/jobs/x")) {
                assertThatThrownBy(() -> server.api.uiPath(endpoint)).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("would hide an API endpoint");
            }
            server.api.uiPath(null);
            assertThat(server.send(server.request(AdminApi.UI_PATH).GET().build()).statusCode()).isEqualTo(401);
        }
        for (String bad : List.of("admin", "/admin/", "/a b", "/a\"><script>", "/")) {
            assertThatThrownBy(() -> new SnapshotsPage(bad, AdminApi.BASE_PATH)).isInstanceOf(ConfigurationException.class);
        }

    }
}
