package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's error printing (issue 15, findings 8 and 10): a JVM {@link Error} is one line and exit 1, and neither
 * that line nor the {@code --verbose} trace carries a password, whoever put it into an exception message.
 */
class CliErrorsTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Path db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 10);
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    @Test
    @DisplayName("a StackOverflowError or an OutOfMemoryError is one line and exit 1; the trace only with --verbose")
    void errorsAreOneLine() {
        env.put("SNAPSHOTS_MAIN_SOURCE", "error-test");
        env.put("SNAPSHOTS_MAIN_URL", "jdbc:error-test:x");
        for (String[] c : new String[][] {{"stack", "stack overflow (java.lang.StackOverflowError"},
                {"heap", "java.lang.OutOfMemoryError"}}) {
            env.put("SNAPSHOTS_MAIN_FAIL", c[0]);
            Result r = CliRun.cli(env, "create");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("dbsnap: " + c[1]).hasLineCount(1);
            Result verbose = CliRun.cli(env, "--verbose", "create");
            assertThat(verbose.code()).isEqualTo(1);
            assertThat(verbose.err()).startsWith("dbsnap: " + c[1]).contains("\tat io.github.dbsnap.examples.ErrorSourceFactory");
        }
    }

    @Test
    @DisplayName("passwords in a URL the driver quotes (user:pass@, ?password=, ;password=) and configured secrets never reach the line or the --verbose trace")
    void driverMessagesAreRedacted() {
        env.put("SNAPSHOTS_MAIN_SOURCE", "jdbc");
        env.put("SNAPSHOTS_MAIN_PASSWORD", "CONFIGURED-PW-4417");
        List<String> urls = List.of("jdbc:mysql://root:USERINFO-PW-3310@db.example/app",
                "jdbc:mysql://db.example/app?user=root&password=QUERY-PW-2209&ssl=true",
                "jdbc:mysql://db.example;user=root;password=SEMI-PW-7781;encrypt=true",
                "jdbc:mysql://db.example/app?note=CONFIGURED-PW-4417");
        for (String url : urls) {
            env.put("SNAPSHOTS_MAIN_URL", url);
            for (String[] args : new String[][] {{"create"}, {"--verbose", "create"}}) {
                Result r = CliRun.cli(env, args);
                assertThat(r.code()).as(r.err()).isNotZero();
                assertThat(r.err()).startsWith("dbsnap: ").contains("mysql")
                        .doesNotContain("USERINFO-PW-3310", "QUERY-PW-2209", "SEMI-PW-7781", "CONFIGURED-PW-4417");
            }
        }
    }
}
