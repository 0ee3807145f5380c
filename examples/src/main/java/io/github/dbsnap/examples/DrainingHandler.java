package io.github.dbsnap.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.time.Duration;

/**
 * Counts the requests a handler is working on, so that a server can be stopped as soon as they are
 * done (the JDK 17 {@code HttpServer.stop(delay)} waits the whole delay even when idle).
 */
final class DrainingHandler implements HttpHandler {
    private final HttpHandler handler;
    private int inFlight;

    DrainingHandler(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            inFlight++;
        }
        try {
            handler.handle(exchange);
        } finally {
            synchronized (this) {
                if (--inFlight == 0) {
                    notifyAll();
                }
            }
        }
    }

    /** @return true when no request is running, false when some still are after {@code timeout} */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
