package io.github.dbsnap.spring;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.schedule.ScheduleListener;
import io.github.dbsnap.schedule.SnapshotScheduler;
import io.github.dbsnap.schedule.SnapshotSchedulerBuilder;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.status.StatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.Map;

/**
 * dbsnap in a Spring Boot application: the {@link SnapshotConfig} from {@code dbsnap.*} properties and
 * {@code SNAPSHOTS_*} variables, the {@link SnapshotService}, the {@link StatusTracker}, the
 * {@link SnapshotScheduler} run with the context, and {@link SnapshotRestoredEvent}s. Each bean backs off when
 * the application defines its own. Active when something is configured or the application has a
 * single DataSource ({@link DbsnapConfiguredCondition}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(DbsnapProperties.class)
@Conditional(DbsnapConfiguredCondition.class)
public class DbsnapAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DbsnapAutoConfiguration.class);

    /**
     * @return the configuration read from the environment; when no main database URL is set, the
     *         application's single DataSource is the {@code main} database
     */
    @Bean
    @ConditionalOnMissingBean
    public SnapshotConfig dbsnapConfig(Environment environment, ObjectProvider<DataSource> dataSource,
                                       ObjectProvider<DataSourceProperties> dataSourceProperties) {
        Map<String, String> variables = SnapshotsVariables.of(environment);
        boolean mainUrlSet = variables.keySet().stream().anyMatch(n -> n.matches("SNAP(SHOTS|HOSTS)_MAIN_URL(_FILE)?"));
        DataSource ds = mainUrlSet ? null : dataSource.getIfUnique();
        if (ds != null) {
            String url = ApplicationDataSource.describe(ds, dataSourceProperties.getIfAvailable(), variables);
            SnapshotConfig config = SnapshotConfig.fromEnvironment(variables);
            log.info("dbsnap: snapshotting the application's DataSource ({}) as database 'main' with the {} source; "
                    + "set dbsnap.main.url to choose another", url, config.databases().get("main").source());
            return config;
        }
        return SnapshotConfig.fromEnvironment(variables);
    }

    /** @return the service; its storage provider and sources are closed with the context */
    @Bean
    @ConditionalOnMissingBean
    public SnapshotService snapshotService(SnapshotConfig config) {
        return config.newService();
    }

    /** @return the tracker of each database's status and health, also told about scheduled runs */
    @Bean
    @ConditionalOnMissingBean
    public StatusTracker statusTracker(SnapshotConfig config, SnapshotService service) {
        return config.statusTrackerBuilder(service).build();
    }

    @Bean
    RestoredEventPublisher dbsnapRestoredEventPublisher(SnapshotService service, ApplicationEventPublisher publisher) {
        return new RestoredEventPublisher(service, publisher);
    }

    @Bean
    @ConditionalOnMissingBean(SnapshotScheduler.class)
    SchedulerResources dbsnapSchedulerResources(ObjectProvider<SchedulerLock> lock, SnapshotConfig config) {
        return new SchedulerResources(lock.getIfUnique(), config);
    }

    /**
     * @return the scheduler of {@code dbsnap.cron-schedule}, {@code dbsnap.main.schedule}, … with every
     *         {@link ScheduleListener} bean (the status tracker, the metrics), the lock and the webhook
     *         notifications; started with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public SnapshotScheduler snapshotScheduler(SnapshotConfig config, SnapshotService service,
                                               SchedulerResources resources, ObjectProvider<ScheduleListener> listeners) {
        SnapshotSchedulerBuilder b = resources.applyTo(config.schedulerBuilder(service));
        listeners.orderedStream().forEach(b::listener);
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean(SnapshotSchedulerLifecycle.class)
    SnapshotSchedulerLifecycle dbsnapSchedulerLifecycle(SnapshotScheduler scheduler, ObjectProvider<StatusTracker> tracker) {
        return new SnapshotSchedulerLifecycle(scheduler, tracker.getIfUnique());
    }
}
