package io.github.dbsnap.spring;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.metrics.MicrometerSnapshotMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dbsnap health indicator, the metrics binding and the snapshots endpoint. */
class ActuatorTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("health is UP with per-database details, DOWN once a snapshot fails, and UP again when informational")
    void health() throws Exception {
        String[] props = Runners.sqliteAndLocal(dir);
        Runners.runner().withPropertyValues(props).run(context -> {
            HealthIndicator health = context.getBean("dbsnapHealthIndicator", HealthIndicator.class);
            Health before = health.health();
            assertThat(before.getStatus()).isEqualTo(Status.UP);
            assertThat(before.getDetails()).containsKey("main");
            Files.delete(dir.resolve("main.db"));
            assertThatThrownBy(() -> context.getBean(SnapshotService.class).create("main")).isInstanceOf(DbsnapException.class);
            Health after = health.health();
            assertThat(after.getStatus()).isEqualTo(Status.DOWN);
            assertThat(after.getDetails().get("main")).asString().contains("health=FAILING");
        });
        Runners.createDatabase(dir.resolve("main.db"));
        Runners.runner().withPropertyValues(props).withPropertyValues("dbsnap.health.informational=true").run(context -> {
            Files.delete(dir.resolve("main.db"));
            assertThatThrownBy(() -> context.getBean(SnapshotService.class).create("main")).isInstanceOf(DbsnapException.class);
            Health h = context.getBean("dbsnapHealthIndicator", HealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("informational", true);
            assertThat(h.getDetails().get("main")).asString().contains("health=FAILING");
        });
    }

    @Test
    @DisplayName("management.health.dbsnap.enabled=false removes the health indicator; an application bean of that name replaces it")
    void healthOverrides() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues("management.health.dbsnap.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("dbsnapHealthIndicator"));
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withUserConfiguration(OwnHealth.class)
                .run(context -> assertThat(context.getBean("dbsnapHealthIndicator", HealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.OUT_OF_SERVICE));
    }

    @Test
    @DisplayName("metrics are bound to the application's MeterRegistry and count snapshots")
    void metrics() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(MicrometerSnapshotMetrics.class);
                    context.getBean(SnapshotService.class).create("main");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("dbsnap.snapshot.operations").tag("outcome", "success").counter().count()).isEqualTo(1.0);
                    assertThat(registry.get("dbsnap.snapshot.age.seconds").tag("database", "main").gauge().value()).isNotNaN();
                });
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir))
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerSnapshotMetrics.class));
    }

    @Test
    @DisplayName("the snapshots endpoint lists, creates and restores, and answers 400 and 404 for bad requests")
    void endpoint() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir))
                .withPropertyValues("management.endpoints.web.exposure.include=snapshots").run(context -> {
                    SnapshotsEndpoint endpoint = context.getBean(SnapshotsEndpoint.class);
                    var created = endpoint.operate("create", null, null);
                    assertThat(created.getStatus()).isEqualTo(201);
                    Map<String, Object> listed = endpoint.snapshots("main");
                    assertThat(listed).containsEntry("configured", true).containsKey("status");
                    assertThat((java.util.List<?>) listed.get("snapshots")).hasSize(1);
                    String uri = ((io.github.dbsnap.SnapshotInfo) created.getBody()).uri().toString();
                    assertThat(endpoint.operate("restore", "main", uri).getStatus()).isEqualTo(200);
                    assertThat(endpoint.operate("restore", null, uri.replace("main.tar", "gone.tar")).getStatus()).isEqualTo(404);
                    assertThatThrownBy(() -> endpoint.operate("drop", null, null)).hasMessageContaining("unknown operation");
                    assertThatThrownBy(() -> endpoint.operate("create", "nope", null)).hasMessageContaining("unknown database 'nope'");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHealth {
        @Bean
        HealthIndicator dbsnapHealthIndicator() {
            return () -> Health.outOfService().build();
        }
    }
}
