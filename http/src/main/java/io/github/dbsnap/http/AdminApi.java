package io.github.dbsnap.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.status.SnapshotStatus;
import io.github.dbsnap.status.StatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP admin API as a {@link HttpHandler} for the JDK's built-in server, to mount in a host's own
 * {@link HttpServer} ({@link #mount}) or to run alone ({@code dbsnap serve}), with the Snapshots admin
 * page. Endpoints, jobs, status codes and limits are described in {@code docs/http.md}.
 *
 * <p>Every API request must carry {@code Authorization: Bearer <token>}; the token is compared in constant
 * time through its SHA-256 digest, and only the digest is kept ({@link #authenticatedByHost} instead leaves
 * authentication to a host that checks every request first, as the Spring Boot starter does with Spring Security). The page's static files are served without
 * it (the page asks for the token and sends it with each API call). Create and restore block until done,
 * so the server needs an executor with more than one thread; with {@code Prefer: respond-async} they run
 * as jobs instead and answer {@code 202} at once. A second restore of a database while one is running is
 * refused with 409 rather than queued.
 *
 * <p>Thread-safe. Does not own the service: the host stops the server, {@linkplain #close() closes} this
 * handler, waits for its jobs ({@link #awaitJobs}), then closes the service.
 */
public final class AdminApi implements HttpHandler, AutoCloseable {
    /** Path of the snapshot list; create and restore are below it. */
    public static final String BASE_PATH = "/v1/admin/snapshots";
    /** Default path of the Snapshots admin page. */
    public static final String UI_PATH = BASE_PATH + "/ui";
    private static final String JOBS_PATH = BASE_PATH + "/jobs";
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    private final SnapshotService service;
    private final byte[] tokenDigest; // null when the host authenticates (authenticatedByHost)
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    private final Jobs jobs = new Jobs();
    private volatile StatusTracker tracker;
    private volatile SnapshotsPage page = new SnapshotsPage(UI_PATH, BASE_PATH);

    /**
     * @param service the service to act on; not closed by this handler
     * @param token   the bearer token clients must present, used as given; only its digest is kept, so
     *                the caller may clear the array afterwards
     * @throws ConfigurationException when the token is empty or blank
     */
    public AdminApi(SnapshotService service, char[] token) {
        this(service, digestOf(token));
    }

    private AdminApi(SnapshotService service, byte[] tokenDigest) {
        this.service = Objects.requireNonNull(service, "service");
        this.tokenDigest = tokenDigest;
        service.addListener(jobs);
    }

    /**
     * An admin API that leaves authentication to its host: it serves every request that reaches it, with no
     * bearer token. Only for mounting behind the host's own authentication and authorisation, such as a
     * servlet behind Spring Security that checks the user's role before calling {@link #handle}; never on a
     * server that clients reach without it. The Snapshots page, which asks for a token, is not served
     * ({@link #uiPath} may not bring it back).
     *
     * @param service the service to act on; not closed by this handler
     * @return a new handler
     */
    public static AdminApi authenticatedByHost(SnapshotService service) {
        AdminApi api = new AdminApi(service, (byte[]) null);
        api.page = null;
        return api;
    }

    private static byte[] digestOf(char[] token) {
        if (token == null || CharBuffer.wrap(token).chars().allMatch(Character::isWhitespace)) {
            throw new ConfigurationException("the admin API token must not be empty");
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        byte[] digest = sha256(raw);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(bytes.array(), (byte) 0);
        return digest;
    }

    /** Same as {@link #AdminApi(SnapshotService, char[])}, for a token read from configuration. */
    public AdminApi(SnapshotService service, String token) {
        this(service, token == null ? null : token.toCharArray());
    }

    /**
     * Answers {@code GET /v1/admin/snapshots/status} from this tracker, with its history, schedules and
     * maximum age. Without one, each request computes a status from the storage listing alone.
     *
     * @return this handler
     */
    public AdminApi statusTracker(StatusTracker tracker) {
        this.tracker = tracker;
        return this;
    }

    /**
     * Serves the Snapshots admin page at this path instead of {@link #UI_PATH}, or nowhere when null. Call
     * before {@link #mount}, which creates a context for a path outside {@code /v1/admin/}.
     *
     * @param path an absolute path such as {@code /admin/snapshots}, no trailing slash
     * @return this handler
     * @throws ConfigurationException when the path is not made of plain segments or is an API endpoint's
     */
    public AdminApi uiPath(String path) {
        if (tokenDigest == null && path != null) {
            throw new ConfigurationException("the Snapshots page needs a token; an admin API authenticated by its host serves none");
        }
        if (path != null && (Set.of(BASE_PATH, BASE_PATH + "/create", BASE_PATH + "/restore", BASE_PATH + "/status",
                JOBS_PATH).contains(path) || path.startsWith(JOBS_PATH + "/"))) {
            throw new ConfigurationException("the Snapshots page path " + path + " would hide an API endpoint");
        }
        this.page = path == null ? null : new SnapshotsPage(path, BASE_PATH);
        return this;
    }

    /**
     * Mounts this handler under {@code /v1/admin/} of a server, and at the page's path when it is
     * elsewhere. The server needs a multi-threaded executor.
     *
     * @return the context of {@code /v1/admin/}
     */
    public HttpContext mount(HttpServer server) {
        HttpContext api = server.createContext("/v1/admin/", this);
        SnapshotsPage p = page;
        if (p != null && !p.path().startsWith("/v1/admin/")) {
            server.createContext(p.path(), this);
        }
        return api;
    }

    /**
     * Starts no more jobs (an async request then answers 503) and stops listening to the service. Running
     * jobs go on; {@link #awaitJobs} waits for them. Synchronous requests still work.
     */
    @Override
    public void close() {
        jobs.close();
        service.removeListener(jobs);
    }

    /**
     * After {@link #close()}, waits for running jobs; a restore is never cut off half-way by this handler.
     *
     * @return true when no job is running, false when some still are after {@code timeout}
     */
    public boolean awaitJobs(Duration timeout) throws InterruptedException {
        return jobs.awaitIdle(timeout);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        AdminExchange x = new AdminExchange(exchange);
        String operation = "request";
        try {
            SnapshotsPage p = page;
            if (p != null && p.serves(x.path())) {
                operation = "page";
                p.send(exchange, x);
                return;
            }
            if (!authorized(exchange)) {
                log.debug("Admin API: unauthenticated request from {}", exchange.getRemoteAddress());
                x.header("WWW-Authenticate", "Bearer realm=\"dbsnap\"");
                throw new ApiError(401, "missing or invalid bearer token");
            }
            switch (x.path()) {
                case BASE_PATH -> {
                    operation = "list";
                    allow(x, "GET");
                    list(x);
                }
                case BASE_PATH + "/create" -> {
                    operation = "create";
                    allow(x, "POST");
                    create(x);
                }
                case BASE_PATH + "/restore" -> {
                    operation = "restore";
                    allow(x, "POST");
                    restore(x);
                }
                case BASE_PATH + "/status" -> {
                    operation = "status";
                    allow(x, "GET");
                    x.send(200, status().toMap());
                }
                case JOBS_PATH -> {
                    operation = "jobs";
                    allow(x, "GET");
                    x.send(200, Map.of("jobs", jobs.all().stream().map(AdminApi::jobJson).toList()));
                }
                default -> {
                    if (!x.path().startsWith(JOBS_PATH + "/")) {
                        throw new ApiError(404, "no such endpoint");
                    }
                    operation = "job";
                    allow(x, "GET");
                    String id = x.path().substring(JOBS_PATH.length() + 1);
                    Job job = jobs.get(id).orElseThrow(() -> new ApiError(404, "no job '" + AdminExchange.printable(id)
                            + "'; only the last " + Jobs.KEPT + " jobs are kept, in memory"));
                    x.send(200, jobJson(job));
                }
            }
        } catch (RuntimeException e) {
            ApiError answer = AdminErrors.answer(e, operation);
            // the path is the client's: no line breaks into the log
            String request = AdminExchange.printable(x.method() + " " + x.path());
            if (answer.status() == 500) {
                log.error("Admin API: {} failed", request, e);
            } else if (answer.status() != 401) {
                log.info("Admin API: {} answered {}: {}", request, answer.status(), answer.getMessage());
            }
            x.sendError(answer.status(), answer.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void list(AdminExchange x) throws IOException {
        String database = x.query().get("database");
        List<SnapshotInfo> all = database == null ? service.list() : service.list(configured(database));
        x.send(200, Map.of("snapshots", all.stream().map(SnapshotJson::snapshot).toList()));
    }

    private void create(AdminExchange x) throws IOException {
        Map<String, String> body = x.jsonObject(Set.of("database"));
        String database = configured(required(body, "database"));
        if (x.prefers("respond-async")) {
            Job job = jobs.submit(Operation.CREATE, database, null, j -> run(j, "create", () -> {
                SnapshotInfo info = created(database);
                j.succeeded(SnapshotJson.snapshot(info), info.size(), Instant.now());
            }), () -> { });
            accepted(x, job);
            return;
        }
        x.send(201, SnapshotJson.snapshot(created(database)));
    }

    private SnapshotInfo created(String database) {
        SnapshotInfo info = service.create(database);
        log.info("Admin API: snapshot {} of '{}' created", info.uri(), database);
        return info;
    }

    private void restore(AdminExchange x) throws IOException {
        Map<String, String> body = x.jsonObject(Set.of("uri", "database"));
        String uri = required(body, "uri");
        // resolving first gives 404/400 for a bad URI and the database a restore without one targets
        SnapshotInfo info = service.resolve(uri);
        String database = configured(body.getOrDefault("database", info.database()));
        if (!restoring.add(database)) {
            throw new ApiError(409, "a restore of database '" + database + "' is already running");
        }
        if (x.prefers("respond-async")) {
            Job job = jobs.submit(Operation.RESTORE, database, info.size(), j -> run(j, "restore", () -> {
                RestoreResult result = restored(database, uri);
                j.succeeded(SnapshotJson.restore(result), result.snapshot().size(), Instant.now());
            }), () -> restoring.remove(database));
            accepted(x, job);
            return;
        }
        RestoreResult result;
        try {
            result = restored(database, uri);
        } finally {
            restoring.remove(database);
        }
        x.send(200, SnapshotJson.restore(result));
    }

    private RestoreResult restored(String database, String uri) {
        RestoreResult result = service.restore(database, uri);
        log.info("Admin API: restored {} into '{}'", result.snapshot().uri(), database);
        return result;
    }

    private static void accepted(AdminExchange x, Job job) throws IOException {
        x.header("Location", JOBS_PATH + "/" + job.id);
        x.header("Preference-Applied", "respond-async");
        x.send(202, jobJson(job));
    }

    private static Map<String, Object> jobJson(Job job) {
        return job.toMap(JOBS_PATH + "/" + job.id);
    }

    /** Runs a job's work on its worker thread; a failure becomes the job's one-line error, as a request's would. */
    private static void run(Job job, String operation, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            ApiError answer = AdminErrors.answer(e, operation);
            if (answer.status() == 500) {
                log.error("Admin API: {} job {} of '{}' failed", operation, job.id, job.database, e);
            } else {
                log.info("Admin API: {} job {} of '{}' failed: {}", operation, job.id, job.database, answer.getMessage());
            }
            job.failed(answer.getMessage(), Instant.now());
        } catch (Error e) {
            job.failed(operation + " failed; see the server log", Instant.now());
            throw e;
        }
    }

    private SnapshotStatus status() {
        StatusTracker t = tracker;
        if (t != null) {
            return t.status();
        }
        try (StatusTracker oneShot = StatusTracker.builder(service).watchingSince(Instant.EPOCH).build()) {
            return oneShot.status();
        }
    }

    private static void allow(AdminExchange x, String method) {
        if (!x.method().equals(method)) {
            x.header("Allow", method);
            throw new ApiError(405, "method " + AdminExchange.printable(x.method()) + " not allowed; use " + method);
        }
    }

    private static String required(Map<String, String> body, String field) {
        String v = body.get(field);
        if (v == null || v.isBlank()) {
            throw new ApiError(400, "missing field '" + field + "'");
        }
        return v;
    }

    private String configured(String database) {
        if (database.isBlank()) {
            throw new ApiError(400, "database must not be empty");
        }
        if (!service.databases().contains(database)) {
            throw new ApiError(404, "unknown database '" + AdminExchange.printable(database) + "'; configured: "
                    + String.join(", ", new TreeSet<>(service.databases())));
        }
        return database;
    }

    private boolean authorized(HttpExchange exchange) {
        if (tokenDigest == null) {
            return true; // authenticatedByHost: the host checked the request before handing it over
        }
        List<String> values = exchange.getRequestHeaders().get("Authorization");
        if (values == null || values.size() != 1) {
            return false;
        }
        String v = values.get(0);
        if (v.length() <= 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // digests have a fixed length, so the comparison reveals neither the token nor its length
        byte[] presented = sha256(v.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(tokenDigest, presented);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
