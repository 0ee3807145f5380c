package io.github.dbsnap.spring;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.metrics.MicrometerSnapshotMetrics;
import io.github.dbsnap.status.StatusTracker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * dbsnap in Spring Boot Actuator: the {@code dbsnap} health indicator, Micrometer metrics bound to the
 * application's {@link MeterRegistry}, the {@code snapshots} endpoint and the sanitising of dbsnap's secrets.
 */
@AutoConfiguration(after = {DbsnapAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnClass(Endpoint.class)
public class DbsnapActuatorAutoConfiguration {

    /** @return the {@code snapshots} endpoint; without a service it reports that dbsnap is not configured */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public SnapshotsEndpoint snapshotsEndpoint(ObjectProvider<SnapshotService> service, ObjectProvider<StatusTracker> tracker) {
        return new SnapshotsEndpoint(service, tracker);
    }

    @Bean
    DbsnapSanitizingFunction dbsnapSanitizingFunction() {
        return new DbsnapSanitizingFunction();
    }

    @Bean(name = "dbsnapHealthIndicator")
    @ConditionalOnMissingBean(name = "dbsnapHealthIndicator")
    @ConditionalOnBean(StatusTracker.class)
    @ConditionalOnEnabledHealthIndicator("dbsnap")
    DbsnapHealthIndicator dbsnapHealthIndicator(StatusTracker tracker, Environment environment) {
        return new DbsnapHealthIndicator(tracker, environment.getProperty("dbsnap.health.informational", Boolean.class, false));
    }

    /** Metrics, when Micrometer and a registry are there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean({MeterRegistry.class, SnapshotService.class})
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        MicrometerSnapshotMetrics dbsnapMetrics(MeterRegistry registry, SnapshotService service) {
            return MicrometerSnapshotMetrics.bind(registry, service);
        }
    }
}
