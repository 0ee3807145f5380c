package io.github.dbsnap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay on a free loopback port in front of a real server (S3Proxy, Azurite, redis-server,
 * PostgreSQL) that injects network faults: reset a connection part-way, stall it (hold it open and
 * relay nothing, longer than any client timeout), accept connections and never answer, or limit the
 * bandwidth. A fault applies to at most {@code times} connections, once each, and is counted in
 * {@link #faults()}; {@link #heal()} stops injecting. Thread-safe; threads are daemons, and
 * {@link #close()} releases every connection, stalled ones included.
 *
 * <p>Shared by every module's tests through core's test-jar.
 */
public final class FaultProxy implements AutoCloseable {
    /** Which bytes a fault counts. */
    public enum Direction {
        /** bytes the client sends (uploads, writes, restores into a database) */
        UPSTREAM,
        /** bytes the server sends back (downloads, dumps) */
        DOWNSTREAM
    }

    /** What happens once a connection has carried more than the threshold. */
    public enum Kind {
        /** the connection is reset (RST) on both sides */
        RESET,
        /** nothing more is relayed in either direction, but the connection stays open */
        STALL
    }

    private record Plan(Kind kind, Direction direction, long afterBytes, AtomicInteger left) {
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicReference<Plan> plan = new AtomicReference<>();
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean blackhole;
    private volatile long bytesPerSecond;

    /**
     * Starts relaying to a server on this machine.
     *
     * @param upstreamPort the real server's loopback port
     */
    public FaultProxy(int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        daemon(this::acceptLoop, "fault-proxy-accept");
    }

    /** @return the proxy's loopback port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Resets the next {@code times} connections once the client has sent more than {@code afterBytes} on each. */
    public FaultProxy resetAfter(long afterBytes, int times) {
        return fault(Kind.RESET, Direction.UPSTREAM, afterBytes, times);
    }

    /** Stalls the next {@code times} connections once the client has sent more than {@code afterBytes} on each. */
    public FaultProxy stallAfter(long afterBytes, int times) {
        return fault(Kind.STALL, Direction.UPSTREAM, afterBytes, times);
    }

    /**
     * Arms one fault, replacing any armed before.
     *
     * @param times how many connections it hits ({@link Integer#MAX_VALUE}: every one)
     */
    public FaultProxy fault(Kind kind, Direction direction, long afterBytes, int times) {
        plan.set(new Plan(kind, direction, afterBytes, new AtomicInteger(times)));
        return this;
    }

    /** Accepts new connections but never connects them upstream nor answers ({@code false} to stop). */
    public FaultProxy blackhole(boolean on) {
        this.blackhole = on;
        return this;
    }

    /** Limits each direction of each connection to about this many bytes per second (0: unlimited). */
    public FaultProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Stops injecting faults and limiting bandwidth for new traffic; stalled connections stay stalled. */
    public FaultProxy heal() {
        plan.set(null);
        blackhole = false;
        bytesPerSecond = 0;
        return this;
    }

    /** @return how many faults were injected (resets and stalls; blackholed connections count too) */
    public int faults() {
        return faults.get();
    }

    /** @return how many connections were accepted */
    public int connections() {
        return connections.get();
    }

    /** Resets every open connection at once, as a server crash or a network partition would. */
    public void resetAll() {
        open.forEach(FaultProxy::reset);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                if (blackhole) {
                    faults.incrementAndGet();
                    continue; // held open, never read, never answered, until close()
                }
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                open.add(upstream);
                AtomicInteger claimed = new AtomicInteger();
                daemon(() -> pump(client, upstream, Direction.UPSTREAM, claimed), "fault-proxy-up");
                daemon(() -> pump(upstream, client, Direction.DOWNSTREAM, claimed), "fault-proxy-down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, Direction direction, AtomicInteger claimed) {
        byte[] buf = new byte[16 * 1024];
        long carried = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf, 0, chunk(buf.length))) >= 0) {
                carried += n;
                Plan p = plan.get();
                if (p != null && p.direction() == direction && carried > p.afterBytes()
                        && claimed.compareAndSet(0, 1) && p.left().getAndDecrement() > 0) {
                    faults.incrementAndGet();
                    if (p.kind() == Kind.RESET) {
                        reset(from);
                        reset(to);
                        return;
                    }
                    claimed.set(2); // tells the other direction to stall too
                }
                if (claimed.get() == 2) {
                    closed.await(); // STALL: relay nothing until the proxy closes
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
                throttle(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            reset(from);
            reset(to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int chunk(int max) {
        long rate = bytesPerSecond;
        return rate <= 0 ? max : (int) Math.max(1, Math.min(max, rate / 20));
    }

    private void throttle(int n) throws InterruptedException {
        long rate = bytesPerSecond;
        if (rate > 0) {
            TimeUnit.NANOSECONDS.sleep(n * 1_000_000_000L / rate); // pacing, not synchronisation
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing is enough
        }
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

    /** Stops accepting and resets every connection, stalled and blackholed ones included. Idempotent. */
    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        open.forEach(FaultProxy::reset);
        open.clear();
    }
}
