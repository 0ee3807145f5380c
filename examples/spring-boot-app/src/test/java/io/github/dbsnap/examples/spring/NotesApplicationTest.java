package io.github.dbsnap.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application on a random port: a snapshot through the actuator endpoint, damaged data, a
 * restore that the application hears about, the admin API on the same server, and dbsnap UP in the health.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ADMIN_TOKEN=example-admin-token")
class NotesApplicationTest {
    @TempDir
    static Path dir;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NotesCache cache;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        registry.add("NOTES_DB", () -> dir.resolve("notes.db").toString());
        registry.add("SNAPSHOTS_DIR", () -> dir.resolve("snapshots").toString());
    }

    @Test
    @DisplayName("create through /actuator/snapshots, damage the data, restore, see SnapshotRestoredEvent and dbsnap UP in /actuator/health")
    void snapshotDamageRestore() {
        jdbc.update("INSERT INTO notes (body) VALUES ('second note')");
        ResponseEntity<JsonNode> created = post("/actuator/snapshots/create", Map.of("database", "main"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String uri = created.getBody().get("uri").asText();
        assertThat(uri).endsWith("/main.tar.zst");

        jdbc.update("DELETE FROM notes");
        jdbc.update("INSERT INTO notes (body) VALUES ('vandalised')");

        ResponseEntity<JsonNode> restored = post("/actuator/snapshots/restore", Map.of("uri", uri));
        assertThat(restored.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class))
                .containsExactly("dbsnap keeps this safe", "second note");
        // the event reached the application, which reloaded its cache on the restoring thread
        assertThat(cache.reloads()).isEqualTo(1);
        assertThat(cache.notes()).containsExactly("dbsnap keeps this safe", "second note");

        JsonNode listed = http.getForObject("/actuator/snapshots?database=main", JsonNode.class);
        assertThat(listed.get("snapshots").findValuesAsText("uri")).contains(uri);

        ResponseEntity<JsonNode> health = http.getForEntity("/actuator/health", JsonNode.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode dbsnap = health.getBody().path("components").path("dbsnap");
        assertThat(dbsnap.path("status").asText()).isEqualTo("UP");
        assertThat(dbsnap.path("details").path("main").path("health").asText()).isEqualTo("OK");
    }

    @Test
    @DisplayName("the admin API answers on the application's server with the token, and 401 without it")
    void adminApiOnTheSameServer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth("example-admin-token");
        ResponseEntity<JsonNode> listed = http.exchange("/v1/admin/snapshots?database=main", HttpMethod.GET,
                new HttpEntity<>(headers), JsonNode.class);
        assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(listed.getBody().has("snapshots")).isTrue();
        assertThat(http.getForEntity("/v1/admin/snapshots", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> page = http.getForEntity("/v1/admin/snapshots/ui", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
    }

    private ResponseEntity<JsonNode> post(String path, Map<String, String> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
