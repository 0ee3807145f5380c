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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AdminApi#authenticatedByHost}: the host authenticates, so no token is asked for, and no page is served. */
class AdminApiHostAuthTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("an admin API authenticated by its host answers without a token, serves no page, and refuses a page path")
    void hostAuthenticated() throws Exception {
        try (AdminServer tokenServer = new AdminServer(dir)) {
            AdminApi api = AdminApi.authenticatedByHost(tokenServer.service);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2);
            server.setExecutor(executor);
            api.mount(server);
            server.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
                HttpResponse<String> list = tokenServer.send(HttpRequest.newBuilder(base.resolve("/v1/admin/snapshots")).GET().build());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(AdminServer.json(list).has("snapshots")).isTrue();
                HttpResponse<String> created = tokenServer.send(HttpRequest.newBuilder(base.resolve("/v1/admin/snapshots/create"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"database\":\"main\"}")).build());
                assertThat(created.statusCode()).isEqualTo(201);
                assertThat(tokenServer.send(HttpRequest.newBuilder(base.resolve(AdminApi.UI_PATH)).GET().build()).statusCode())
                        .isEqualTo(404);
                assertThatThrownBy(() -> api.uiPath("/admin/snapshots")).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("needs a token");
                // the token-protected API next to it still asks for its token
                assertThat(tokenServer.send(tokenServer.request("/v1/admin/snapshots").GET().build()).statusCode()).isEqualTo(401);
            } finally {
                server.stop(0);
                executor.shutdown();
                api.close();
            }
        }
    }
}
