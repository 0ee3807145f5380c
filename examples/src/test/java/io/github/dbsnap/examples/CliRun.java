package io.github.dbsnap.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the CLI in-process, and the standard tools through bash, for the CLI's tests. */
final class CliRun {
    private CliRun() {
    }

    /** What one CLI run printed and returned. */
    record Result(int code, String out, String err) {
    }

    /** @return a mutable environment whose main database is the SQLite file {@code db} */
    static Map<String, String> env(Path db) {
        Map<String, String> env = new HashMap<>();
        env.put("SNAPSHOTS_MAIN_URL", "jdbc:sqlite:" + db);
        return env;
    }

    /** @return {@link #env(Path)} with snapshots in the local directory {@code snapshots} */
    static Map<String, String> localEnv(Path db, Path snapshots) {
        Map<String, String> env = env(db);
        env.put("SNAPSHOTS_STORAGE_LOCAL_DIR", snapshots.toString());
        return env;
    }

    /** @return the exit code and output of {@code dbsnap args…} with {@code env} as its environment */
    static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbsnapCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a bash pipeline ({@code pipefail}), asserts it succeeded, and returns its output. */
    static String sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
