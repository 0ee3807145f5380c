package io.github.dbsnap.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.http.AdminApi;
import io.github.dbsnap.schedule.SnapshotScheduler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host server that schedules snapshots from configuration, serves its own endpoint next to the
 * dbsnap admin API on one {@link HttpServer}, and reloads its caches after a restore. Needs
 * {@code SNAPSHOTS_ADMIN_TOKEN} and an existing {@code ./data/main.db} (or {@code SNAPSHOTS_MAIN_URL});
 * stop it with Ctrl-C.
 */
public final class EmbedSchedulerExample {
    private EmbedSchedulerExample() {
    }

    /** @param args unused */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SNAPSHOTS_CRON_SCHEDULE", "*/15 * * * *",
                "SNAPSHOTS_RETENTION_KEEP_LAST", "8"));
        env.putAll(System.getenv());
        SnapshotConfig config = SnapshotConfig.fromEnvironment(env);
        String token = config.setting("ADMIN_TOKEN")
                .orElseThrow(() -> new ConfigurationException("set SNAPSHOTS_ADMIN_TOKEN"));

        AtomicInteger reloads = new AtomicInteger();
        try (SnapshotService service = config.newService();
             SnapshotScheduler scheduler = config.newScheduler(service, null)) {
            service.addListener(new SnapshotListener() {
                @Override
                public void onRestored(RestoreResult result) {
                    // the live database was swapped: drop whatever the host cached from it
                    System.out.println("reload #" + reloads.incrementAndGet() + " after restoring " + result.database());
                }
            });

            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4); // a restore blocks its request thread
            server.setExecutor(executor);
            server.createContext("/hello", exchange -> {
                byte[] body = ("reloads: " + reloads.get() + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            new AdminApi(service, token).mount(server);
            server.start();
            // on SIGTERM: stop taking requests, stop scheduling (running snapshots finish), then close
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop(1);
                executor.shutdown();
                scheduler.close();
                service.close();
            }));

            scheduler.start();
            System.out.println("host on http://127.0.0.1:8080; next runs: " + scheduler.upcoming());
            scheduler.awaitClose();
        }
    }
}
