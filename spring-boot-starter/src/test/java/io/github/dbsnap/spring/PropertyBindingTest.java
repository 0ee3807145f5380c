package io.github.dbsnap.spring;

import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.schedule.RetentionPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbsnap.*} properties reach {@link SnapshotConfig} as their {@code SNAPSHOTS_*} variables, and win over them. */
class PropertyBindingTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("each dbsnap property is its SNAPSHOTS_ variable, in kebab or camel case, provider extras included")
    void propertiesMirrorVariables() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues(
                "dbsnap.retention.keep-daily=7", "dbsnap.retention.keepWeekly=4", "dbsnap.retention.max-age=90d",
                "dbsnap.main.schedule=*/5 * * * *", "dbsnap.schedule-timezone=Europe/Berlin", "dbsnap.compression=gzip:6",
                "dbsnap.db-prefix=app/${database}/${iso_date()}", "dbsnap.status.max-age=36h",
                "dbsnap.main.busy-timeout=5s", "dbsnap.encryption-key=correct horse battery staple").run(context -> {
                    assertThat(context).hasNotFailed();
                    SnapshotConfig config = context.getBean(SnapshotConfig.class);
                    assertThat(config.retention()).isEqualTo(new RetentionPolicy(0, 7, 4, 0, Duration.ofDays(90)));
                    assertThat(config.schedules()).containsEntry("main", "*/5 * * * *");
                    assertThat(config.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                    assertThat(config.compression().id()).isEqualTo("gzip");
                    assertThat(config.compressionLevel()).contains(6);
                    assertThat(config.prefix()).isEqualTo("app/${database}/${iso_date()}");
                    assertThat(config.statusMaxAge()).contains(Duration.ofHours(36));
                    assertThat(config.storage().optional("dir")).contains(dir.resolve("snapshots").toString());
                    assertThat(config.databases().get("main").settings().optional("busy-timeout")).contains("5s");
                    assertThat(config.encryption()).isPresent();
                });
    }

    @Test
    @DisplayName("a dbsnap property wins over the SNAPSHOTS_ and SNAPHOSTS_ variables of the same setting; other variables and empty properties do not")
    void propertyWinsOverVariable() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues(
                "SNAPSHOTS_RETENTION_KEEP_DAILY=3", "SNAPHOSTS_RETENTION_KEEP_DAILY=5", "dbsnap.retention.keep-daily=7",
                "SNAPSHOTS_RETENTION_KEEP_LAST=2", "SNAPSHOTS_RETENTION_KEEP_WEEKLY=4", "dbsnap.retention.keep-weekly=").run(context -> {
                    assertThat(context).hasNotFailed();
                    RetentionPolicy retention = context.getBean(SnapshotConfig.class).retention();
                    assertThat(retention.keepDaily()).isEqualTo(7);
                    assertThat(retention.keepLast()).isEqualTo(2);
                    assertThat(retention.keepWeekly()).as("an empty property counts as unset").isEqualTo(4);
                });
    }

    @Test
    @DisplayName("the documented properties bind into DbsnapProperties, which IDEs and /actuator/configprops show")
    void propertiesBean() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir))
                .withPropertyValues("dbsnap.storage.s3.bucket=backups", "dbsnap.health.informational=true").run(context -> {
                    DbsnapProperties p = context.getBean(DbsnapProperties.class);
                    assertThat(p.getStorage().getS3().getBucket()).isEqualTo("backups");
                    assertThat(p.getHealth().isInformational()).isTrue();
                    assertThat(p.getAdmin().getRole()).isEqualTo("ADMIN");
                });
    }

    @Test
    @DisplayName("property keys become variable names")
    void variableNames() {
        assertThat(SnapshotsVariables.variableName("retention.keep-daily")).isEqualTo("RETENTION_KEEP_DAILY");
        assertThat(SnapshotsVariables.variableName("retention.keepDaily")).isEqualTo("RETENTION_KEEP_DAILY");
        assertThat(SnapshotsVariables.variableName("storage.s3.secret-access-key")).isEqualTo("STORAGE_S3_SECRET_ACCESS_KEY");
        assertThat(SnapshotsVariables.variableName("age.secret-key-file")).isEqualTo("AGE_SECRET_KEY_FILE");
    }
}
