package io.github.dbsnap.examples;

import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.storage.s3.S3ProxyServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recognisable secrets (S3 secret key, Azure account key, age identity, passphrase, Redis password,
 * admin token) through every CLI command, failure path and the HTTP API, in separate JVMs logging at
 * DEBUG with {@code --verbose} stack traces (whole cause chains): none may appear in any output, log
 * line, answer, or the {@code toString()} of the configuration and the service.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecretsTest {
    private static final String IDENTITY = AgeEncryption.generateIdentity();
    private static final String PASSPHRASE = "pass-phrase-SECRET-7731";
    private static final String REDIS_PASSWORD = "REDISPW-SECRET-55";
    private static final String AZURE_KEY = "QVpVUkUtU0VDUkVULWtleS04ODQ0LW5vdC1yZWFsLWF0LWFsbA==";
    private static final String TOKEN = "ADMIN-TOKEN-SECRET-9921";
    private static final String WRONG_S3_SECRET = "WRONG-S3-SECRET-4410";

    @TempDir
    Path dir;
    Path db;
    final List<String> outputs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 50);
    }

    private static List<String> secrets() {
        // the identity's body too, in case something prints it without its prefix
        return List.of(S3ProxyServer.SECRET_KEY, IDENTITY, IDENTITY.substring("AGE-SECRET-KEY-1".length()), PASSPHRASE,
                REDIS_PASSWORD, AZURE_KEY, TOKEN, WRONG_S3_SECRET);
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: connections are refused
        }
    }

    private Map<String, String> s3Env(String secret) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.get();
        Map<String, String> env = CliRun.env(db);
        env.put("SNAPSHOTS_STORAGE_PROVIDER", "s3");
        env.put("SNAPSHOTS_STORAGE_S3_BUCKET", s3.newBucket());
        env.put("SNAPSHOTS_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
        env.put("SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("SNAPSHOTS_STORAGE_S3_SECRET_ACCESS_KEY", secret);
        env.put("SNAPSHOTS_STORAGE_S3_MAX_ATTEMPTS", "1");
        env.put("SNAPSHOTS_REDIS_URL", "redis://app:" + REDIS_PASSWORD + "@127.0.0.1:" + deadPort() + "/0");
        env.put("SNAPSHOTS_ADMIN_TOKEN", TOKEN);
        return env;
    }

    /** Runs the CLI in its own JVM at DEBUG with --verbose and keeps everything it printed. */
    private String run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-cp", System.getProperty("java.class.path"),
                DbsnapCli.class.getName(), "--verbose"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SNAPSHOTS_") || k.startsWith("AWS_") || k.equals("REDIS_URL"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        outputs.add(String.join(" ", args) + " -> " + p.exitValue() + "\n" + out);
        Files.writeString(Path.of("target", "secrets-test.log"), outputs.get(outputs.size() - 1) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return out;
    }

    private void assertNoSecretAnywhere() {
        for (String o : outputs) {
            for (String s : secrets()) {
                assertThat(o).as("output of %s", o.lines().findFirst().orElse("")).doesNotContain(s);
            }
        }
    }

    @Test
    @DisplayName("S3 with an age identity and a Redis password: every command and failure keeps every secret out of output and logs")
    void cliOnS3WithIdentity() throws Exception {
        Map<String, String> env = s3Env(S3ProxyServer.SECRET_KEY);
        env.put("SNAPSHOTS_AGE_PUBLIC_KEY", AgeEncryption.recipientOf(IDENTITY));
        env.put("SNAPSHOTS_AGE_SECRET_KEY", IDENTITY);
        String uri = run(env, "create", "--database", "main").lines().filter(l -> l.startsWith("s3://")).findFirst().orElseThrow();
        run(env, "list", "--json");
        run(env, "verify", uri);
        run(env, "restore", uri);
        run(env, "prune", "--keep-last", "5", "--dry-run");
        run(env, "status", "--json");
        run(env, "cleanup");
        assertThat(run(env, "create")).as("main is reported though redis fails").contains("s3://");
        run(env, "create", "--database", "redis");               // Redis unreachable
        run(env, "restore", uri.replace("main.tar", "nope.tar")); // not found
        Map<String, String> passphrase = new HashMap<>(env);
        passphrase.remove("SNAPSHOTS_AGE_PUBLIC_KEY");
        passphrase.remove("SNAPSHOTS_AGE_SECRET_KEY");
        passphrase.put("SNAPSHOTS_ENCRYPTION_KEY", PASSPHRASE);
        run(passphrase, "verify", uri);                           // wrong key: an encryption failure
        String created = run(passphrase, "create", "--database", "main");
        String own = created.lines().filter(l -> l.startsWith("s3://")).findFirst().orElseThrow(() -> new AssertionError(created));
        run(passphrase, "verify", own);
        run(env, "verify", own);                                  // identity cannot open a passphrase snapshot

        SnapshotConfig config = SnapshotConfig.fromEnvironment(env);
        outputs.add(config.toString());
        outputs.add(SnapshotConfig.fromEnvironment(passphrase).toString());
        try (SnapshotService service = config.newService()) {
            outputs.add(service.toString() + " " + service.storage() + " " + service.storage().location());
        }
        assertThat(String.join("\n", outputs)).contains("DEBUG").contains("restored");
        assertNoSecretAnywhere();
    }

    @Test
    @DisplayName("a wrong S3 secret and an unreachable Azure account fail with one line and no secret, stack traces included")
    void credentialFailures() throws Exception {
        Map<String, String> wrong = s3Env(WRONG_S3_SECRET);
        assertThat(run(wrong, "list")).contains("dbsnap:");
        run(wrong, "create");
        Map<String, String> azure = CliRun.env(db);
        azure.put("SNAPSHOTS_STORAGE_PROVIDER", "azure");
        azure.put("SNAPSHOTS_STORAGE_AZURE_CONTAINER", "snaps");
        azure.put("SNAPSHOTS_STORAGE_AZURE_MAX_RETRIES", "0");
        azure.put("SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey="
                + AZURE_KEY + ";BlobEndpoint=http://127.0.0.1:" + deadPort() + "/acct;");
        assertThat(run(azure, "list")).contains("dbsnap:");
        run(azure, "create");
        Map<String, String> badUrl = new HashMap<>(wrong);
        badUrl.put("SNAPSHOTS_REDIS_URL", "redis://app:" + REDIS_PASSWORD + "@[bad host/0");
        run(badUrl, "create", "--database", "redis");             // a configuration error quoting the URL?
        outputs.add(SnapshotConfig.fromEnvironment(azure).toString());
        assertNoSecretAnywhere();
    }

    @Test
    @DisplayName("the HTTP API at DEBUG: answers to good, wrong and failing requests and the server's log hold no secret")
    void httpApi() throws Exception {
        Map<String, String> env = s3Env(S3ProxyServer.SECRET_KEY);
        env.put("SNAPSHOTS_ENCRYPTION_KEY", PASSPHRASE);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-cp", System.getProperty("java.class.path"),
                DbsnapCli.class.getName(), "serve", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("serve.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SNAPSHOTS_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).startsWith("listening on ");
            String base = line.substring("listening on ".length());
            HttpClient http = HttpClient.newHttpClient();
            for (String[] r : new String[][] {{"POST", "/v1/admin/snapshots/create", "{\"database\":\"main\"}", TOKEN},
                    {"POST", "/v1/admin/snapshots/create", "{\"database\":\"redis\"}", TOKEN},
                    {"POST", "/v1/admin/snapshots/restore", "{\"uri\":\"/x/main.tar.zst.age\"}", TOKEN},
                    {"GET", "/v1/admin/snapshots?database=main", null, TOKEN},
                    {"GET", "/v1/admin/snapshots/status", null, TOKEN},
                    {"GET", "/v1/admin/snapshots", null, TOKEN + "x"},
                    {"GET", "/v1/admin/snapshots", null, PASSPHRASE}}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r[1])).header("Authorization", "Bearer " + r[3]);
                b = r[2] == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(r[2]));
                HttpResponse<String> a = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                outputs.add(r[0] + " " + r[1] + " -> " + a.statusCode() + " " + a.headers().map() + " " + a.body());
            }
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        outputs.add("serve log:\n" + Files.readString(dir.resolve("serve.log")));
        assertThat(String.join("\n", outputs)).contains("-> 201").contains("-> 401");
        assertNoSecretAnywhere();
    }
}
