package io.github.dbsnap.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP receiver for webhook tests, on a free port: records each request as
 * {@code "METHOD /path body"} and answers 200, or 500 for the next {@link #failNext} requests.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** Starts the receiver. */
    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " " + body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** @return the URL of a path on this receiver, e.g. {@code /ping/token} */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code n} requests are answered 500. */
    public void failNext(int n) {
        failuresLeft.set(n);
    }

    /** @return the next request, waiting up to 5 seconds (deliveries are asynchronous) */
    public String next() throws InterruptedException {
        String r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no webhook request within 5 s");
        }
        return r;
    }

    /** @return a request if one comes within {@code millis}, else null */
    public String poll(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
