package io.github.dbsnap.spring;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.schedule.SnapshotScheduler;
import io.github.dbsnap.status.StatusTracker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which beans the starter creates, and that the application's own beans replace them. */
class DbsnapAutoConfigurationTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("without dbsnap properties, SNAPSHOTS_ variables or a DataSource there is nothing but the exposed snapshots endpoint, saying so")
    void nothingConfigured() {
        Runners.runner().withPropertyValues("management.endpoints.web.exposure.include=snapshots").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SnapshotConfig.class).doesNotHaveBean(SnapshotService.class)
                    .doesNotHaveBean(StatusTracker.class).doesNotHaveBean(SnapshotScheduler.class)
                    .doesNotHaveBean(HealthIndicator.class).doesNotHaveBean(ServletRegistrationBean.class)
                    .hasSingleBean(SnapshotsEndpoint.class);
            assertThat(context.getBean(SnapshotsEndpoint.class).snapshots(null)).containsEntry("configured", false);
        });
    }

    @Test
    @DisplayName("with a main database the service, status tracker, scheduler, health indicator and event publisher are there")
    void everythingConfigured() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues("dbsnap.main.schedule=0 3 * * *")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SnapshotService.class).hasSingleBean(StatusTracker.class)
                            .hasSingleBean(SnapshotScheduler.class).hasSingleBean(SnapshotSchedulerLifecycle.class)
                            .hasSingleBean(RestoredEventPublisher.class).hasBean("dbsnapHealthIndicator");
                    assertThat(context.getBean(SnapshotService.class).databases()).containsExactly("main");
                    // started with the context: the scheduler knows its next run
                    assertThat(context.getBean(SnapshotScheduler.class).upcoming()).singleElement()
                            .satisfies(run -> assertThat(run.database()).isEqualTo("main"));
                });
    }

    @Test
    @DisplayName("the scheduler stops with the context, and is not started again")
    void schedulerStopsWithTheContext() throws Exception {
        SnapshotScheduler[] scheduler = new SnapshotScheduler[1];
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues("dbsnap.cron-schedule=@daily")
                .run(context -> scheduler[0] = context.getBean(SnapshotScheduler.class));
        assertThatThrownBy(scheduler[0]::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    @DisplayName("a SNAPSHOTS_ variable alone switches the starter on")
    void variableAlone() throws Exception {
        String[] p = Runners.sqliteAndLocal(dir);
        Runners.runner().withPropertyValues("SNAPSHOTS_MAIN_URL=" + p[0].substring(p[0].indexOf('=') + 1),
                        "SNAPSHOTS_STORAGE_LOCAL_DIR=" + dir)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SnapshotService.class));
    }

    @Test
    @DisplayName("the application's SnapshotConfig, SnapshotService, StatusTracker and SnapshotScheduler replace the starter's")
    void applicationBeansWin() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            OwnBeans own = context.getBean(OwnBeans.class);
            assertThat(context.getBean(SnapshotConfig.class)).isSameAs(own.config);
            assertThat(context.getBean(SnapshotService.class)).isSameAs(own.service);
            assertThat(context.getBean(StatusTracker.class)).isSameAs(own.tracker);
            assertThat(context.getBean(SnapshotScheduler.class)).isSameAs(own.scheduler);
            assertThat(context).doesNotHaveBean(SchedulerResources.class);
            // the application's scheduler is still run with the context
            assertThat(own.scheduler.upcoming()).hasSize(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        SnapshotConfig config;
        SnapshotService service;
        StatusTracker tracker;
        SnapshotScheduler scheduler;

        @Bean
        SnapshotConfig ownConfig(org.springframework.core.env.Environment env) {
            config = SnapshotConfig.fromEnvironment(Map.of("SNAPSHOTS_MAIN_URL", env.getProperty("dbsnap.main.url"),
                    "SNAPSHOTS_STORAGE_LOCAL_DIR", env.getProperty("dbsnap.storage.local.dir")));
            return config;
        }

        @Bean
        SnapshotService ownService(SnapshotConfig c) {
            service = c.newService();
            return service;
        }

        @Bean
        StatusTracker ownTracker(SnapshotService s) {
            tracker = StatusTracker.builder(s).build();
            return tracker;
        }

        @Bean
        SnapshotScheduler ownScheduler(SnapshotService s) {
            scheduler = SnapshotScheduler.builder().service(s).schedule("main", "@hourly").build();
            return scheduler;
        }
    }
}
