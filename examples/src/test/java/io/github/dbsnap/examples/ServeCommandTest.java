package io.github.dbsnap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbsnap serve}: no token, no server; with one, curl can create, list and restore the demo database. */
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "curl-T0ken-9f2e";
    @TempDir
    Path dir;
    Path db;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 300);
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    @Test
    @DisplayName("without SNAPSHOTS_ADMIN_TOKEN serve exits 2 with one line and listens nowhere")
    void refusesWithoutToken() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbsnapCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), "serve", "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("dbsnap: SNAPSHOTS_ADMIN_TOKEN is not set").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    @DisplayName("a port in use exits 1 and an unknown bind address exits 2, each with one line")
    void listeningProblems() throws Exception {
        env.put("SNAPSHOTS_ADMIN_TOKEN", TOKEN);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            int code = DbsnapCli.run(env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "serve", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("dbsnap: cannot listen on ").hasLineCount(1);
        }
        StringWriter err = new StringWriter();
        int code = DbsnapCli.run(env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "serve", "--port", "0", "--bind", "no-such-host.invalid");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--bind 'no-such-host.invalid'").hasLineCount(1).doesNotContain(TOKEN);
    }

    /** Collects output and opens a latch when the first line is complete. */
    static final class FirstLine extends Writer {
        final StringBuilder text = new StringBuilder();
        final CountDownLatch line = new CountDownLatch(1);

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            if (text.indexOf("\n") >= 0) {
                line.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return text.toString();
        }
    }

    record Curl(int status, String body) {
    }

    private static Curl curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "--max-time", "30", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        int split = output.lastIndexOf('\n');
        return new Curl(Integer.parseInt(output.substring(split + 1).strip()), output.substring(0, split));
    }

    @Test
    @DisplayName("curl with the token creates, lists and restores a snapshot of the demo database; without it every endpoint is 401")
    void curlAgainstServe() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        env.put("SNAPHOSTS_ADMIN_TOKEN_FILE", tokenFile.toString());
        FirstLine out = new FirstLine();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serve = new Thread(() -> exit.set(DbsnapCli.run(env, new PrintWriter(out, true),
                new PrintWriter(err, true), "serve", "--port", "0")), "serve-under-test");
        serve.start();
        try {
            assertThat(out.line.await(30, TimeUnit.SECONDS)).as(err.toString()).isTrue();
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))\n").matcher(out.text());
            assertThat(m.lookingAt()).as(out.text()).isTrue();
            String base = m.group(1) + "/v1/admin/snapshots";
            String auth = "Authorization: Bearer " + TOKEN;
            String json = "Content-Type: application/json";

            Curl created = curl("-H", auth, "-H", json, "-d", "{\"database\":\"main\"}", base + "/create");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode snap = JSON.readTree(created.body());
            String uri = snap.get("uri").asText();

            Curl list = curl("-H", auth, base + "?database=main");
            assertThat(list.status()).isEqualTo(200);
            assertThat(JSON.readTree(list.body()).get("snapshots").get(0).get("uri").asText()).isEqualTo(uri);

            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
                st.execute("DELETE FROM audit");
            }
            Curl restored = curl("-H", auth, "-H", json, "-d", "{\"uri\":\"" + uri + "\"}", base + "/restore");
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
            assertThat(JSON.readTree(restored.body()).get("database").asText()).isEqualTo("main");
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM audit")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(300);
            }

            for (Curl r : List.of(curl(base), curl(base + "/status"),
                    curl("-H", json, "-d", "{\"database\":\"main\"}", base + "/create"),
                    curl("-H", "Authorization: Bearer nope", "-d", "{\"uri\":\"" + uri + "\"}", base + "/restore"))) {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).isEqualTo("{\"error\":\"missing or invalid bearer token\"}");
            }
        } finally {
            serve.interrupt();
            serve.join(30_000);
        }
        assertThat(serve.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(out.text() + err).doesNotContain(TOKEN);
    }
}
