package io.github.dbsnap.jdbc;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and settings of the {@code jdbc} source. */
class JdbcSourceFactoryTest {

    @Test
    @DisplayName("settings are read with their defaults; the password is never shown")
    void settings() {
        JdbcSourceConfig c = JdbcSourceConfig.from(ProviderConfig.of(Map.of(
                "url", "jdbc:postgresql://db/app?password=hunter2", "user", "app", "password", "s3cret",
                "include", "users, api_keys", "exclude", "audit", "skip-missing", "yes")));
        assertThat(c.include()).containsExactly("users", "api_keys");
        assertThat(c.skipMissing()).isTrue();
        assertThat(c.batchSize()).isEqualTo(JdbcSourceConfig.DEFAULT_BATCH_SIZE);
        assertThat(c.selects("USERS")).isTrue();
        assertThat(c.selects("audit")).isFalse();
        assertThat(c.selects("other")).isFalse();
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("hunter2");
    }

    @Test
    @DisplayName("every bad setting is reported at once")
    void badSettings() {
        assertThatThrownBy(() -> new JdbcSourceFactory().create(ProviderConfig.of(Map.of(
                "url", "jdbc:oracle:thin:@x", "batch-size", "0", "skip-missing", "maybe"))))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3));
        assertThatThrownBy(() -> new JdbcSourceFactory().create(ProviderConfig.empty()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("url");
    }
}
