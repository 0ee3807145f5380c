package io.github.dbsnap.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of Azurite that resets a connection once the client
 * has sent more than {@code cutAfter} bytes on it, at most {@code cuts} times. Loopback only.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAfter;
    private final AtomicInteger cutsLeft;
    private final AtomicInteger cutsDone = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    CuttingProxy(int upstreamPort, long cutAfter, int cuts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.cutsLeft = new AtomicInteger(cuts);
        daemon(this::acceptLoop, "proxy-accept");
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return how many connections were cut */
    int cuts() {
        return cutsDone.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                daemon(() -> pump(client, upstream, true), "proxy-up");
                daemon(() -> pump(upstream, client, false), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        byte[] buf = new byte[16 * 1024];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                sent += n;
                if (counted && sent > cutAfter && cutsLeft.getAndDecrement() > 0) {
                    cutsDone.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction closed or was cut
        } finally {
            quietClose(from);
            quietClose(to);
        }
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing below is enough
        }
        quietClose(s);
    }

    private void quietClose(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::quietClose);
    }
}
