package io.github.dbsnap.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.http.AdminApi;
import io.github.dbsnap.status.StatusTracker;
import io.github.dbsnap.spi.DaemonThreads;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs {@link AdminApi} on the JDK HTTP server until SIGTERM; the token comes from {@code SNAPSHOTS_ADMIN_TOKEN}. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the HTTP admin API until stopped (SIGTERM or Ctrl-C); "
        + "needs SNAPSHOTS_ADMIN_TOKEN.")
final class ServeCommand extends CliCommand {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    /** Time given to running requests when stopping. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(names = "--bind", description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String bind;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        SnapshotConfig config = context.config();
        String token = config.setting("ADMIN_TOKEN").orElseThrow(() -> new ConfigurationException(
                "SNAPSHOTS_ADMIN_TOKEN is not set; the admin API does not start without a token"));
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port " + port + " is not a TCP port (0-65535)");
        }
        InetSocketAddress address = address();
        // without it every answer waits ~40 ms for a delayed ACK (headers and body go out as two writes)
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        SnapshotService service = context.service();
        ThreadPoolExecutor executor = executor();
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            executor.shutdown();
            service.close();
            throw new DbsnapException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        // no scheduler in this process: snapshots have been expected for as long as the schedules exist
        StatusTracker tracker = config.statusTrackerBuilder(service).watchingSince(Instant.EPOCH).build();
        AdminApi api = new AdminApi(service, token).statusTracker(tracker);
        DrainingHandler handler = new DrainingHandler(api);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        Thread hook = new Thread(() -> stop(server, handler, api, executor, service), "dbsnap-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        context.out().println("listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
        context.out().flush();
        boolean interrupted = false;
        try {
            done.await();
        } catch (InterruptedException e) {
            // an embedding caller (or a test) stops the server by interrupting this thread
            interrupted = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running and stops everything itself
        }
        stop(server, handler, api, executor, service);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private InetSocketAddress address() {
        try {
            return new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--bind '" + bind + "' is not an address of this machine");
        }
    }

    /** A few named daemon threads; when they are all busy, a short queue, then the accepting thread waits. */
    private static ThreadPoolExecutor executor() {
        return new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32),
                DaemonThreads.factory("dbsnap-admin"), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private void stop(HttpServer server, DrainingHandler handler, AdminApi api, ThreadPoolExecutor executor,
                      SnapshotService service) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            api.close();
            long deadline = System.nanoTime() + GRACE.toNanos();
            if (!handler.awaitIdle(GRACE) || !api.awaitJobs(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.warn("Stopping with requests or jobs still running after {} s", GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.stop(0);
            executor.shutdown();
            service.close();
        } finally {
            done.countDown();
        }
    }
}
