package io.github.dbsnap.http;

import com.sun.net.httpserver.HttpExchange;
import io.github.dbsnap.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Snapshots admin page: static HTML, CSS and JavaScript from this jar, served without the bearer
 * token (the page asks for it and sends it with every API call) under a strict Content-Security-Policy.
 * The page itself holds no data; everything it shows comes from the token-protected API.
 */
final class SnapshotsPage {
    /** No inline script or style, nothing from another origin, no framing, no form posts. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final String RESOURCES = "/io/github/dbsnap/http/ui/";

    private record Resource(String contentType, byte[] body) {
    }

    private final String path;
    private final Map<String, Resource> resources;

    /**
     * @param path    where the page is served, e.g. {@code /v1/admin/snapshots/ui}; its files are below it
     * @param apiBase the path of the snapshot list, which the page calls
     * @throws ConfigurationException when the path is not an absolute path of plain segments
     */
    SnapshotsPage(String path, String apiBase) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new ConfigurationException("the Snapshots page path must look like /admin/snapshots "
                    + "(letters, digits, '.', '_', '~', '-' between slashes, no trailing slash)");
        }
        this.path = path;
        String html = new String(load("index.html"), StandardCharsets.UTF_8)
                .replace("{{ui}}", path).replace("{{api}}", apiBase);
        this.resources = Map.of(
                path, new Resource("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)),
                path + "/", new Resource("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)),
                path + "/app.js", new Resource("text/javascript; charset=utf-8", load("app.js")),
                path + "/app.css", new Resource("text/css; charset=utf-8", load("app.css")),
                path + "/icon.svg", new Resource("image/svg+xml", load("icon.svg")));
    }

    String path() {
        return path;
    }

    /** @return true when the request path is the page or one of its files */
    boolean serves(String requestPath) {
        return resources.containsKey(requestPath);
    }

    /** Sends the page or file; only GET is allowed. */
    void send(HttpExchange exchange, AdminExchange x) throws IOException {
        if (!x.method().equals("GET")) {
            x.header("Allow", "GET");
            throw new ApiError(405, "method " + AdminExchange.printable(x.method()) + " not allowed; use GET");
        }
        Resource r = resources.get(x.path());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", r.contentType());
        headers.set("Content-Security-Policy", CSP);
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        exchange.sendResponseHeaders(200, r.body().length);
        try (var out = exchange.getResponseBody()) {
            out.write(r.body());
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = SnapshotsPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the dbsnap-http jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
