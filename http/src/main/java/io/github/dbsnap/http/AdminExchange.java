package io.github.dbsnap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One admin API exchange: bounded JSON request bodies, query parameters, JSON answers. */
final class AdminExchange {
    /** Largest request body accepted. */
    static final int MAX_BODY = 64 * 1024;
    /** How much of a too large body is read and discarded before answering 413. */
    private static final long DISCARD_LIMIT = 1024 * 1024;
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final HttpExchange exchange;

    AdminExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    /**
     * Reads the body as one JSON object with only the given fields, each a string.
     *
     * @throws ApiError 413 when it is larger than {@link #MAX_BODY}, 400 when it is not such an object
     */
    Map<String, String> jsonObject(Set<String> allowed) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(body());
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "request body is not valid JSON");
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new ApiError(400, "request body must be a JSON object");
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!allowed.contains(f.getKey())) {
                throw new ApiError(400, "unknown field '" + printable(f.getKey()) + "'; expected " + allowed);
            }
            if (f.getValue().isNull()) {
                continue;
            }
            if (!f.getValue().isTextual()) {
                throw new ApiError(400, "field '" + f.getKey() + "' must be a string");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
        return out;
    }

    private byte[] body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && declaredLength(length) > MAX_BODY) {
                throw tooLarge(in);
            }
            // chunked bodies carry no length: count while reading, and stop one byte past the limit
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY) {
                    throw tooLarge(in);
                }
            }
            return out.toByteArray();
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid Content-Length");
        }
    }

    private ApiError tooLarge(InputStream in) throws IOException {
        // discarding the rest (up to a bound) lets the client read the answer instead of a reset connection
        byte[] buf = new byte[8192];
        long discarded = 0;
        int n;
        while (discarded < DISCARD_LIMIT && (n = in.read(buf)) != -1) {
            discarded += n;
        }
        exchange.getResponseHeaders().set("Connection", "close");
        return new ApiError(413, "request body larger than " + MAX_BODY / 1024 + " KiB");
    }

    /**
     * @return the query parameters, decoded; a parameter given twice is an error
     * @throws ApiError 400 on a repeated or undecodable parameter
     */
    Map<String, String> query() {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (out.put(name, value) != null) {
                    throw new ApiError(400, "query parameter '" + printable(name) + "' given more than once");
                }
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "malformed query string");
            }
        }
        return out;
    }

    /**
     * @return true when a {@code Prefer} header (RFC 7240) asks for this preference, e.g. {@code respond-async}
     */
    boolean prefers(String preference) {
        List<String> values = exchange.getRequestHeaders().get("Prefer");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String token : value.split(",")) {
                String name = token.split("[=;]", 2)[0].strip();
                if (name.equalsIgnoreCase(preference)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sends a JSON answer and closes the exchange. */
    void send(int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", CONTENT_TYPE);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    void sendError(int status, String message) throws IOException {
        send(status, Map.of("error", message));
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Client-supplied text echoed in messages: short, one line, no control characters. */
    static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 64 ? t.substring(0, 64) + "…" : t;
    }
}
