package io.github.dbsnap.redis;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of the redis source's settings; secrets never shown. */
class RedisSourceConfigTest {

    @Test
    @DisplayName("a full URL gives user, password, TLS, host, port and database")
    void parsesFullUrl() {
        RedisSourceConfig c = RedisSourceConfig.from(ProviderConfig.of(Map.of(
                "url", "rediss://app:s%40cret@cache.example:6380/4?verifyPeer=false", "batch-size", "500",
                "staging-db", "9", "mode", "merge", "timeout", "5s", "non-atomic-restore", "true", "allow-eviction", "true",
                "max-payload-size", "16MiB")));
        assertThat(c.tls()).isTrue();
        assertThat(c.verifyPeer()).isFalse();
        assertThat(c.host()).isEqualTo("cache.example");
        assertThat(c.port()).isEqualTo(6380);
        assertThat(c.database()).isEqualTo(4);
        assertThat(c.username()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("s@cret");
        assertThat(c.batchSize()).isEqualTo(500);
        assertThat(c.stagingDb()).isEqualTo(9);
        assertThat(c.mode()).isEqualTo(RedisSourceConfig.Mode.MERGE);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.nonAtomicRestore()).isTrue();
        assertThat(c.allowEviction()).isTrue();
        assertThat(c.maxPayloadSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.toString()).doesNotContain("s@cret").doesNotContain("cret").contains("****");
    }

    @Test
    @DisplayName("defaults: port 6379, database 0, no user, auto staging database, replace mode, 60s")
    void defaults() {
        RedisSourceConfig c = RedisSourceConfig.from(ProviderConfig.of(Map.of("url", "redis://:pw@localhost")));
        assertThat(c.port()).isEqualTo(6379);
        assertThat(c.database()).isZero();
        assertThat(c.username()).isNull();
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.stagingDb()).isNull();
        assertThat(c.mode()).isEqualTo(RedisSourceConfig.Mode.REPLACE);
        assertThat(c.batchSize()).isEqualTo(RedisSourceConfig.DEFAULT_BATCH_SIZE);
        assertThat(c.timeout()).isEqualTo(RedisSourceConfig.DEFAULT_TIMEOUT);
        assertThat(c.allowEviction()).isFalse();
        assertThat(c.maxPayloadSize()).isEqualTo(RedisSourceConfig.DEFAULT_MAX_PAYLOAD_SIZE);
        assertThat(c.payloadLimit()).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 8);
    }

    @Test
    @DisplayName("every bad setting is listed at once and the password is never shown")
    void badSettingsListed() {
        assertThatThrownBy(() -> RedisSourceConfig.from(ProviderConfig.of(Map.of(
                "url", "http://user:topsecret@host/x", "mode", "sideways", "batch-size", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(3))
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> RedisSourceConfig.from(ProviderConfig.of(Map.of("url", "redis://u:top secret#@h"))))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("top secret");
        assertThatThrownBy(() -> RedisSourceConfig.from(ProviderConfig.of(Map.of("url", "redis://h", "max-payload-size", "1GiB"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("max-payload-size");
        assertThatThrownBy(() -> RedisSourceConfig.from(ProviderConfig.of(Map.of("url", "redis://h/2", "staging-db", "2"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("staging-db");
        assertThatThrownBy(() -> RedisSourceConfig.from(ProviderConfig.empty()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("REDIS_URL");
    }
}
