package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbsnap status}: health from the storage listing and the configured schedules, exit 1 when unhealthy. */
class StatusCommandTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Path db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 20);
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    private Result run(String... args) {
        return CliRun.cli(env, args);
    }

    /** Takes a snapshot as if at {@code ago} before now. */
    private SnapshotInfo snapshotTaken(Duration ago) {
        Clock past = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
        try (SnapshotService s = (SnapshotConfig.fromEnvironment(env)).serviceBuilder().clock(past).build()) {
            return s.create("main");
        }
    }

    @Test
    @DisplayName("a snapshot older than two daily periods is STALE: exit 1, in text and in JSON")
    void staleSnapshotExitsOne() throws Exception {
        env.put("SNAPSHOTS_CRON_SCHEDULE", "@daily");
        snapshotTaken(Duration.ofDays(3));
        Result text = run("status");
        assertThat(text.code()).as(text.err()).isEqualTo(1);
        assertThat(text.out()).startsWith("main     STALE").contains("fired twice").contains("schedule  @daily");

        Result json = run("status", "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("healthy").asBoolean()).isFalse();
        JsonNode main = root.get("databases").get(0);
        assertThat(main.get("database").asText()).isEqualTo("main");
        assertThat(main.get("health").asText()).isEqualTo("STALE");
        assertThat(main.get("schedulePeriodSeconds").asLong()).isEqualTo(86_400);
        assertThat(main.get("newestSnapshot").get("ageSeconds").asLong()).isGreaterThanOrEqualTo(3 * 86_400);
        assertThat(main.get("snapshotCount").asInt()).isEqualTo(1);
        assertThat(main.get("nextRun").asText()).endsWith("T00:00:00Z");
    }

    @Test
    @DisplayName("a recent snapshot is OK: exit 0")
    void recentSnapshotExitsZero() {
        env.put("SNAPSHOTS_CRON_SCHEDULE", "@daily");
        snapshotTaken(Duration.ofDays(3));
        snapshotTaken(Duration.ofHours(2));
        Result r = run("status");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("main     OK").contains("2 snapshot(s)");
    }

    @Test
    @DisplayName("SNAPSHOTS_STATUS_MAX_AGE makes a snapshot stale without any schedule; nothing at all is UNKNOWN, exit 0")
    void maxAgeAndUnknown() {
        Result none = run("status", "--json");
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("\"health\" : \"UNKNOWN\"");

        snapshotTaken(Duration.ofHours(2));
        env.put("SNAPSHOTS_STATUS_MAX_AGE", "1h");
        Result r = run("status");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("STALE").contains("maximum age of 1h");
    }

    @Test
    @DisplayName("status --verify reports a corrupt newest snapshot as FAILING")
    void verifyFindsACorruptSnapshot() throws Exception {
        SnapshotInfo s = snapshotTaken(Duration.ofMinutes(5));
        assertThat(run("status", "--verify").code()).isZero();
        Files.write(Path.of(s.uri()), new byte[] {1, 2, 3});
        Result r = run("status", "--verify");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAILING").contains("verified").contains("FAILED");
    }
}
