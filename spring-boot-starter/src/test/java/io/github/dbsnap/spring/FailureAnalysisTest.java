package io.github.dbsnap.spring;

import io.github.dbsnap.ConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad settings stop the application with one report listing every problem. */
class FailureAnalysisTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("bad settings fail start-up, and the failure analysis lists every problem at once without secret values")
    void everyProblemListed() throws Exception {
        Runners.runner().withPropertyValues(Runners.sqliteAndLocal(dir)).withPropertyValues(
                "dbsnap.retention.keep-daily=-1", "dbsnap.main.schedule=every tuesday", "dbsnap.schedule-timezone=Mars/Olympus",
                "dbsnap.compression=lzma", "dbsnap.notify.failure-url=ftp://token-value-9@hooks.example/x").run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure).hasRootCauseInstanceOf(ConfigurationException.class);
                    FailureAnalysis analysis = new DbsnapFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("SNAPSHOTS_RETENTION_KEEP_DAILY", "SNAPSHOTS_MAIN_SCHEDULE",
                            "SNAPSHOTS_SCHEDULE_TIMEZONE", "SNAPSHOTS_COMPRESSION", "SNAPSHOTS_NOTIFY_FAILURE_URL")
                            .doesNotContain("token-value-9");
                    assertThat(analysis.getDescription().lines().filter(l -> l.startsWith("    - "))).hasSize(5);
                    assertThat(analysis.getAction()).contains("dbsnap.");
                });
    }

    @Test
    @DisplayName("the failure analyzer is registered for Spring Boot to find")
    void registered() throws Exception {
        List<String> analyzers = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            analyzers.add(PropertiesLoaderUtils.loadProperties(new UrlResource(url)).getProperty(FailureAnalyzer.class.getName(), ""));
        }
        assertThat(analyzers).anyMatch(names -> names.contains(DbsnapFailureAnalyzer.class.getName()));
    }
}
