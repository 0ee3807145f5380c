package io.github.dbsnap.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the client and S3Proxy that resets a connection once the client has sent
 * {@code cutAfter} bytes on it, for as many connections as {@code cuts} allows; then it relays untouched.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAfter;
    private final AtomicInteger cutsLeft;
    private final AtomicInteger cutsDone = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CuttingProxy(int upstreamPort, long cutAfter, int cuts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.cutsLeft = new AtomicInteger(cuts);
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int cutsDone() {
        return cutsDone.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            long sent = 0;
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    sent += n;
                    if (fromClient && sent > cutAfter && cutsLeft.getAndDecrement() > 0) {
                        cutsDone.incrementAndGet();
                        reset(from);
                        reset(to);
                        return;
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(from);
                reset(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(CuttingProxy::reset);
    }
}
