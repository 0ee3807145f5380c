package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class PrunerTest {
    private final ManualTicker time = new ManualTicker(Instant.parse("2026-01-01T00:00:00Z"));
    private final SnapshotService service = SnapshotService.builder()
            .database("main", new ScriptedDatabaseSource()).storage(new MemoryStorageProvider(time.clock()))
            .compression(Compression.GZIP).zstdWorkers(0).clock(time.clock()).hostname("test").build();

    @AfterEach
    void close() {
        service.close();
    }

    private void snapshotsOnDays(int days) {
        for (int i = 0; i < days; i++) {
            service.create("main");
            time.advance(Duration.ofDays(1));
        }
    }

    @Test
    void dryRunReportsWithoutDeleting() {
        snapshotsOnDays(4);
        Pruner pruner = new Pruner(service, new RetentionPolicy(2, 0, 0, 0, null), ZoneOffset.UTC, time.clock());
        PruneResult r = pruner.prune("main", true);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.kept()).hasSize(2);
        assertThat(r.deleted()).extracting(s -> s.createdAt().toString())
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
        assertThat(service.list("main")).hasSize(4);
    }

    @Test
    void pruneDeletesWhatThePolicyDoesNotKeep() {
        snapshotsOnDays(4);
        Pruner pruner = new Pruner(service, new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(3)), ZoneOffset.UTC,
                time.clock());
        PruneResult r = pruner.prune("main", false);
        assertThat(r.dryRun()).isFalse();
        assertThat(r.deleted()).hasSize(2);
        assertThat(service.list("main")).extracting(s -> s.createdAt().toString())
                .containsExactly("2026-01-04T00:00:00Z", "2026-01-03T00:00:00Z");
    }

    @Test
    void anEmptyPolicyDeletesNothing() {
        snapshotsOnDays(3);
        PruneResult r = new Pruner(service, RetentionPolicy.NONE, ZoneOffset.UTC, time.clock()).prune("main", false);
        assertThat(r.deleted()).isEmpty();
        assertThat(service.list("main")).hasSize(3);
    }
}
