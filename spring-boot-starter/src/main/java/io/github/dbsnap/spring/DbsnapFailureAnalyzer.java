package io.github.dbsnap.spring;

import io.github.dbsnap.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns dbsnap's {@link ConfigurationException} at start-up into Spring Boot's failure report, one line per
 * problem (the messages never hold secret values).
 */
class DbsnapFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid dbsnap configuration:\n");
        for (String problem : cause.problems()) {
            description.append("\n    - ").append(problem);
        }
        return new FailureAnalysis(description.toString(),
                "Correct the dbsnap.* properties (or the SNAPSHOTS_* variables) named above. Each dbsnap.x.y-z property "
                        + "is the variable SNAPSHOTS_X_Y_Z; see docs/spring.md.", cause);
    }
}
