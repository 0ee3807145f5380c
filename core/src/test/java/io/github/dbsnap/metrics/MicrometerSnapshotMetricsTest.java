package io.github.dbsnap.metrics;

import io.github.dbsnap.Compression;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.schedule.PruneResult;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerSnapshotMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countsAndTimesCreateRestoreVerifyAndPruneAndGaugesTheAge() {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        MemoryStorageProvider storage = new MemoryStorageProvider(Clock.fixed(t0, ZoneOffset.UTC));
        try (SnapshotService earlier = SnapshotService.builder().database("main", new MapSource(new HashMap<>(Map.of("k", new byte[] {1}))))
                .storage(storage).compression(Compression.GZIP).zstdWorkers(0).clock(Clock.fixed(t0, ZoneOffset.UTC)).build()) {
            earlier.create("main");
        }
        Clock later = Clock.fixed(t0.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        try (SnapshotService service = SnapshotService.builder().database("main", new MapSource(new HashMap<>(Map.of("k", new byte[] {1}))))
                .storage(storage).compression(Compression.GZIP).zstdWorkers(0).clock(later).build()) {
            MicrometerSnapshotMetrics m = MicrometerSnapshotMetrics.bind(registry, service, later);
            assertThat(registry.get("dbsnap.snapshot.age.seconds").gauge().value()).as("seeded from storage").isEqualTo(600);

            SnapshotInfo s = service.create("main");
            service.verify(s.key());
            service.restore(s.key());
            m.onPruned("main", new PruneResult(List.of(s), List.of(), false, Duration.ofMillis(5)));

            for (String op : List.of("create", "verify", "restore", "prune")) {
                assertThat(registry.get("dbsnap.snapshot.operations").tags("operation", op, "outcome", "success").counter().count())
                        .as(op).isEqualTo(1);
                assertThat(registry.get("dbsnap.snapshot.duration").tags("operation", op).timer().count()).as(op).isEqualTo(1);
            }
            assertThat(registry.get("dbsnap.snapshot.bytes").tag("database", "main").counter().count()).isEqualTo(s.size());
            assertThat(registry.get("dbsnap.snapshot.age.seconds").gauge().value()).isZero();
        }
    }

    @Test
    void noMicrometerTypeOutsideTheMetricsPackage() throws IOException {
        Path main = Path.of("src/main/java/io/github/dbsnap");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(main.resolve("metrics")))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("io.micrometer");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            assertThat(offenders).isEmpty();
        }
    }
}
