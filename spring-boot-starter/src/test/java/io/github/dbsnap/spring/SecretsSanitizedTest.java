package io.github.dbsnap.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** dbsnap's secrets never appear in {@code /actuator/env} or {@code /actuator/configprops}, even with values shown. */
class SecretsSanitizedTest {
    private static final List<String> SECRETS = List.of("s3-secret-value-1", "admin-token-value-2", "passphrase-value-3",
            "s3-url-password-value-4", "hook-token-value-5", "db-password-value-6", "azure-account-key-value-7");
    @TempDir
    Path dir;

    @Test
    @DisplayName("secret dbsnap properties and SNAPSHOTS_ variables are masked in env and configprops; other values show")
    void secretsMasked() throws Exception {
        Runners.runner().withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withPropertyValues(Runners.sqliteAndLocal(dir))
                .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                        "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
                        "dbsnap.storage.s3.bucket=visible-bucket",
                        "dbsnap.storage.s3.secret-access-key=" + SECRETS.get(0),
                        "dbsnap.admin.token=" + SECRETS.get(1),
                        "SNAPSHOTS_ENCRYPTION_KEY=" + SECRETS.get(2),
                        "SNAPHOSTS_STORAGE_S3_URL=https://user:" + SECRETS.get(3) + "@s3.example/?bucket=b",
                        "dbsnap.notify.failureUrl=https://hooks.example/" + SECRETS.get(4),
                        "dbsnap.main.password=" + SECRETS.get(5),
                        "dbsnap.storage.azure.connection-string=AccountKey=" + SECRETS.get(6))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
                    String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
                    String props = json.writeValueAsString(
                            context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    assertThat(env).contains("visible-bucket");
                    assertThat(props).contains("visible-bucket");
                    for (String secret : SECRETS) {
                        assertThat(env).doesNotContain(secret);
                        assertThat(props).doesNotContain(secret);
                    }
                    assertThat(props).contains("dbsnap.storage.s3").contains("******");
                });
    }

    @Test
    @DisplayName("secret keys are recognised in every spelling, public ones are not")
    void secretKeys() {
        assertThat(DbsnapSanitizingFunction.isSecret("dbsnap.age.secret-key")).isTrue();
        assertThat(DbsnapSanitizingFunction.isSecret("SNAPSHOTS_AGE_SECRET_KEY")).isTrue();
        assertThat(DbsnapSanitizingFunction.isSecret("SNAPHOSTS_STORAGE_S3_SECRET_ACCESS_KEY")).isTrue();
        assertThat(DbsnapSanitizingFunction.isSecret("dbsnap.lock.redisUrl")).isTrue();
        assertThat(DbsnapSanitizingFunction.isSecret("dbsnap.age.public-key")).isFalse();
        assertThat(DbsnapSanitizingFunction.isSecret("dbsnap.storage.s3.bucket")).isFalse();
        assertThat(DbsnapSanitizingFunction.isSecret("other.password")).isFalse();
    }
}
