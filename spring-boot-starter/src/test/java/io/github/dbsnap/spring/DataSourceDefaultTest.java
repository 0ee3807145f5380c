package io.github.dbsnap.spring;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.config.SnapshotConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code dbsnap.main.url}, the application's single DataSource is the main database. */
@ExtendWith(OutputCaptureExtension.class)
class DataSourceDefaultTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a SQLite DataSource becomes database main with the sqlite source, said in one log line, with no dbsnap property")
    void sqliteDataSource(CapturedOutput output) throws Exception {
        Path db = dir.resolve("app.db");
        Runners.createDatabase(db);
        Runners.runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "SNAPSHOTS_STORAGE_LOCAL_DIR=" + dir.resolve("s"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SnapshotService.class);
                    SnapshotConfig.DatabaseConfig main = context.getBean(SnapshotConfig.class).databases().get("main");
                    assertThat(main.source()).isEqualTo("sqlite");
                    assertThat(main.settings().required("url")).isEqualTo("jdbc:sqlite:" + db);
                    assertThat(context.getBean(SnapshotService.class).create("main").size()).isPositive();
                });
        assertThat(output.getAll().lines().filter(l -> l.contains("snapshotting the application's DataSource"))).singleElement()
                .satisfies(l -> assertThat(l).contains("jdbc:sqlite:" + db, "sqlite source"));
    }

    @Test
    @DisplayName("a PostgreSQL DataSource becomes database main with the jdbc source, its user and password, and no password in the log")
    void postgresDataSource(CapturedOutput output) {
        Runners.runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=starter-test",
                        "spring.datasource.username=postgres", "spring.datasource.password=pw-value-8",
                        "dbsnap.storage.local.dir=" + dir)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SnapshotConfig.DatabaseConfig main = context.getBean(SnapshotConfig.class).databases().get("main");
                    assertThat(main.source()).isEqualTo("jdbc");
                    assertThat(main.settings().required("url")).startsWith("jdbc:postgresql://127.0.0.1:5432/test");
                    assertThat(main.settings().optional("user")).contains("postgres");
                    assertThat(main.settings().secret("password")).contains("pw-value-8");
                });
        assertThat(output.getAll()).contains("snapshotting the application's DataSource (jdbc:postgresql://127.0.0.1:5432/test)")
                .doesNotContain("pw-value-8");
    }

    @Test
    @DisplayName("dbsnap.main.url wins over the DataSource")
    void mainUrlWins() throws Exception {
        Path own = dir.resolve("own.db");
        Runners.createDatabase(own);
        Runners.runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test", "spring.datasource.username=postgres",
                        "dbsnap.main.url=jdbc:sqlite:" + own, "dbsnap.storage.local.dir=" + dir)
                .run(context -> assertThat(context.getBean(SnapshotConfig.class).databases().get("main").settings().required("url"))
                        .isEqualTo("jdbc:sqlite:" + own));
    }

    @Test
    @DisplayName("a single DataSource alone, without any dbsnap property or variable, switches the starter on")
    void dataSourceAloneActivates() throws Exception {
        Path db = dir.resolve("alone.db");
        Runners.createDatabase(db);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, Marker.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db)
                .run(context -> assertThat(context).hasBean("configured"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Marker.class))
                .run(context -> assertThat(context).doesNotHaveBean("configured"));
    }

    /** Registers a bean where the starter would create its own: after the DataSource, on the same condition. */
    @AutoConfiguration(after = DataSourceAutoConfiguration.class)
    @Conditional(DbsnapConfiguredCondition.class)
    static class Marker {
        @Bean
        String configured() {
            return "configured";
        }
    }

    @Test
    @DisplayName("the printed URL has no user info and no parameters")
    void printableUrl() {
        assertThat(ApplicationDataSource.printable("jdbc:postgresql://u:p@db:5432/app?password=x")).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(ApplicationDataSource.printable("jdbc:mysql://db/app;password=x")).isEqualTo("jdbc:mysql://db/app");
    }
}
