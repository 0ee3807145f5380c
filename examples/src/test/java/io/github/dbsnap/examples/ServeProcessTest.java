package io.github.dbsnap.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbsnap serve} as its own process: prints where it listens, and stops promptly on SIGTERM. */
class ServeProcessTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("serve in a separate JVM answers requests and exits promptly on SIGTERM")
    void stopsOnSigterm() throws Exception {
        Path db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 10);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DbsnapCli.class.getName(), "serve", "--port", "0");
        pb.environment().put("SNAPSHOTS_ADMIN_TOKEN", "process-token");
        pb.environment().put("SNAPSHOTS_MAIN_URL", "jdbc:sqlite:" + db);
        pb.environment().put("SNAPSHOTS_STORAGE_LOCAL_DIR", dir.resolve("snaps").toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).startsWith("listening on http://127.0.0.1:");
            URI list = URI.create(line.substring("listening on ".length()) + "/v1/admin/snapshots");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(list)
                    .header("Authorization", "Bearer process-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
    }
}
