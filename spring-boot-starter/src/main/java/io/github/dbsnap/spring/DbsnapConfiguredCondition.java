package io.github.dbsnap.spring;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import javax.sql.DataSource;

/**
 * Matches when there is something to snapshot: a {@code dbsnap.*} property or {@code SNAPSHOTS_*} variable
 * is set, or the application has a single {@link DataSource}. Without either, the starter creates no service.
 */
class DbsnapConfiguredCondition extends AnyNestedCondition {

    DbsnapConfiguredCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(PropertiesSet.class)
    static class OnProperties {
    }

    @ConditionalOnSingleCandidate(DataSource.class)
    static class OnDataSource {
    }

    /** A {@code dbsnap.*} property or a {@code SNAPSHOTS_*} variable is set. */
    static class PropertiesSet extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SnapshotsVariables.anySet(context.getEnvironment())
                    ? ConditionOutcome.match("dbsnap.* properties or SNAPSHOTS_* variables are set")
                    : ConditionOutcome.noMatch("no dbsnap.* property and no SNAPSHOTS_* variable is set");
        }
    }
}
