package io.github.dbsnap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.status.StatusTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/admin/snapshots/status}: health per database, behind the admin token. */
class AdminStatusTest {
    private static final String STATUS = "/v1/admin/snapshots/status";
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

    @Test
    @DisplayName("status needs the token, answers JSON per database, and follows snapshots taken")
    void statusPerDatabase() throws Exception {
        assertThat(server.send(server.request(STATUS).GET().build()).statusCode()).isEqualTo(401);
        assertThat(server.post(STATUS, "{}").statusCode()).isEqualTo(405);

        HttpResponse<String> none = server.get(STATUS);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        JsonNode main = AdminServer.json(none).get("databases").get(0);
        assertThat(main.get("database").asText()).isEqualTo("main");
        assertThat(main.get("health").asText()).isEqualTo("UNKNOWN");

        server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}");
        JsonNode after = AdminServer.json(server.get(STATUS));
        assertThat(after.get("healthy").asBoolean()).isTrue();
        assertThat(after.get("databases").get(0).get("health").asText()).isEqualTo("OK");
        assertThat(after.get("databases").get(0).get("snapshotCount").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("with a tracker whose schedule has fired twice since the newest snapshot, status says STALE")
    void staleFromTheTrackersScheduleAndClock() throws Exception {
        server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}");
        Clock threeDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        try (StatusTracker tracker = StatusTracker.builder(server.service).clock(threeDaysLater)
                .schedule("main", CronSchedule.parse("@daily")).build()) {
            server.api.statusTracker(tracker);
            HttpResponse<String> r = server.get(STATUS);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = AdminServer.json(r);
            assertThat(body.get("healthy").asBoolean()).isFalse();
            assertThat(body.get("databases").get(0).get("health").asText()).isEqualTo("STALE");
            assertThat(body.get("databases").get(0).get("schedule").asText()).isEqualTo("@daily");
        }
    }
}
