package io.github.dbsnap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.dbsnap.DatabaseSources;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A real service (the local provider, a SQLite database with an {@code audit} table of 200 rows) behind
 * {@link AdminApi} on a free port, and a client. Provider and source come through {@code ServiceLoader}.
 */
final class AdminServer implements AutoCloseable {
    static final String TOKEN = "s3cr3t-admin-token-Zx81";
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // as dbsnap serve does: no delayed-ACK wait between the headers and the body of each answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final Path db;
    final Path snapshots;
    final SnapshotService service;
    final HttpServer server;
    final URI base;
    final AdminApi api;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AdminServer(Path dir, UnaryOperator<StorageProvider> storageWrapper) throws Exception {
        db = dir.resolve("main.db");
        snapshots = dir.resolve("snaps");
        createDatabase(db, 200);
        StorageProvider storage = StorageProviders.create("local", ProviderConfig.of(Map.of("dir", snapshots.toString())));
        service = SnapshotService.builder()
                .storage(storageWrapper.apply(storage))
                .database("main", DatabaseSources.create("sqlite", ProviderConfig.of(Map.of("url", "jdbc:sqlite:" + db))))
                .zstdWorkers(0)
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        api = new AdminApi(service, TOKEN.toCharArray());
        api.mount(server);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AdminServer(Path dir) throws Exception {
        this(dir, s -> s);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return client;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(authorized(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** A small host database: a few users and {@code rows} audit rows. */
    static void createDatabase(Path db, int rows) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            st.execute("INSERT INTO users (name) VALUES ('Ada'), ('Grace'), ('Zoë')");
            st.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, action TEXT NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement a = c.prepareStatement("INSERT INTO audit (user_id, action) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    a.setInt(1, i % 3 + 1);
                    a.setString(2, i % 10 == 0 ? "challenge.failed" : "challenge.solved");
                    a.addBatch();
                }
                a.executeBatch();
            }
            c.commit();
        }
    }

    /**
     * Stores a copy of a snapshot with one byte flipped half-way, as {@code tampered/main.tar.zst}.
     *
     * @return the copy's key, as a client pastes it
     */
    String tamperedCopy(URI snapshot) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(snapshot));
        bytes[bytes.length / 2] ^= 0x40;
        Path tampered = snapshots.resolve("tampered/main.tar.zst");
        Files.createDirectories(tampered.getParent());
        Files.write(tampered, bytes);
        return "/tampered/main.tar.zst";
    }

    long auditRows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM audit")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        api.close();
        executor.shutdownNow();
        service.close();
    }
}
