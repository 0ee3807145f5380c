package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One replication link to a Redis server, opened the way {@code redis-cli --rdb} does: {@code AUTH},
 * {@code REPLCONF capa eof capa psync2}, {@code REPLCONF rdb-only 1} (Redis 7+: no command stream
 * follows the RDB), then {@code PSYNC ? -1} (or {@code SYNC}), and the RDB that the server's fork
 * writes, in either framing: {@code $<length>} (disk-based sync) or {@code $EOF:<40-byte mark>}
 * (diskless sync). Every read is bounded by the timeout, so a stalled server fails the link. Not thread-safe.
 */
final class ReplicationLink implements AutoCloseable {
    private static final int MARK = 40;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    private long size = -1;
    private byte[] mark;
    private int version;

    private ReplicationLink(Socket socket, String where) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
        this.where = where;
    }

    /**
     * Connects and authenticates; {@link #info} may be asked before {@link #sync}.
     *
     * @throws DatabaseSourceException when the server cannot be reached or refuses the credentials
     */
    static ReplicationLink connect(RedisSourceConfig config, String host, int port) {
        String where = "redis://" + host + ":" + port;
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        Socket socket = null;
        try {
            socket = config.tls() ? tlsSocket(config.verifyPeer(), host) : new Socket();
            socket.connect(new InetSocketAddress(host, port), timeout);
            socket.setSoTimeout(timeout);
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            ReplicationLink link = new ReplicationLink(socket, where);
            link.authenticate(config);
            return link;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw failure(e, where);
        }
    }

    private static DatabaseSourceException failure(Exception e, String where) {
        if (e instanceof DatabaseSourceException d) {
            return d;
        }
        return new DatabaseSourceException("redis: replication link to " + where + " failed: " + describe(e), e);
    }

    /** @return the {@code INFO section} reply */
    String info(String section) {
        try {
            send(List.of("INFO", section));
            int first = skipKeepAlives();
            String header = line();
            if (first != '$') {
                throw new DatabaseSourceException("redis: INFO " + section + " on " + where + " failed: " + header);
            }
            int len = Integer.parseInt(header);
            if (len < 0 || len > (1 << 20)) {
                throw new IOException("an INFO reply of " + len + " bytes");
            }
            byte[] b = in.readNBytes(len + 2);
            if (b.length != len + 2) {
                throw new IOException("the server closed the link inside an INFO reply");
            }
            return new String(b, 0, len, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            close();
            throw failure(e, where);
        }
    }

    /**
     * Asks for a full sync and reads up to the RDB header (after the server's fork wrote or started
     * streaming it). Closes the link on failure.
     *
     * @throws ReplicationRefusedException when the server refuses to sync a replica
     * @throws DatabaseSourceException     when the server stalls or breaks the protocol
     */
    void sync() {
        try {
            handshake();
        } catch (IOException | RuntimeException e) {
            close();
            throw failure(e, where);
        }
    }

    private void authenticate(RedisSourceConfig config) throws IOException {
        if (config.password() != null) {
            List<String> auth = new ArrayList<>(List.of("AUTH"));
            if (config.username() != null) {
                auth.add(config.username());
            }
            auth.add(config.password());
            String reply = command(auth);
            if (!reply.startsWith("+")) {
                // the reply of a failed AUTH names no secret
                throw new DatabaseSourceException("redis: authentication to " + where + " failed: " + reply.substring(1));
            }
        }
    }

    private void handshake() throws IOException {
        command(List.of("REPLCONF", "listening-port", Integer.toString(socket.getLocalPort())));
        String capa = command(List.of("REPLCONF", "capa", "eof", "capa", "psync2"));
        if (!capa.startsWith("+")) {
            throw refused("REPLCONF", capa);
        }
        command(List.of("REPLCONF", "rdb-only", "1")); // before Redis 7 an error: the command stream is then ignored
        String reply = command(List.of("PSYNC", "?", "-1"));
        if (reply.startsWith("-")) {
            String psync = reply;
            send(List.of("SYNC")); // SYNC answers with the RDB directly
            int first = skipKeepAlives();
            if (first == '-') {
                throw refused("PSYNC and SYNC", psync + "; " + "-" + line());
            }
            preamble(first);
        } else if (!reply.startsWith("+FULLRESYNC")) {
            throw new DatabaseSourceException("redis: " + where + " answered PSYNC with '" + reply
                    + "' instead of a full resync");
        } else {
            preamble(skipKeepAlives());
        }
        byte[] header = new byte[9];
        if (in.readNBytes(header, 0, 9) != 9) {
            throw new IOException("the replication link closed before the RDB header");
        }
        version = RdbReader.version(header, "the RDB from " + where);
        RdbReader.checkVersion(version, where);
        headerBytes = header;
    }

    private byte[] headerBytes;

    private void preamble(int first) throws IOException {
        if (first != '$') {
            throw new DatabaseSourceException("redis: " + where + " sent '" + (char) first + "' instead of an RDB");
        }
        String p = line();
        if (p.startsWith("EOF:")) {
            mark = p.substring(4).getBytes(StandardCharsets.US_ASCII);
            if (mark.length != MARK) {
                throw new DatabaseSourceException("redis: " + where + " sent a malformed diskless preamble");
            }
        } else {
            try {
                size = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new DatabaseSourceException("redis: " + where + " sent a malformed RDB length '" + p + "'");
            }
        }
    }

    /** @return the first byte after the newlines the server sends while its fork writes the RDB */
    private int skipKeepAlives() throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == '\n');
        if (b < 0) {
            throw new IOException("the server closed the replication link before sending the RDB");
        }
        return b;
    }

    private ReplicationRefusedException refused(String what, String reply) {
        return new ReplicationRefusedException("redis: " + where + " refuses to sync a replica (" + what + ": "
                + reply.substring(1) + "); SYNC/PSYNC are renamed, denied by an ACL (needs +sync/+psync and "
                + "+replconf) or unavailable on this (managed?) service");
    }

    /** @return the RDB version from the header */
    int version() {
        return version;
    }

    /** @return whether the server streams a diskless RDB (size unknown until its end mark) */
    boolean diskless() {
        return mark != null;
    }

    /**
     * @return the RDB, header included, as it arrives: ends exactly at the RDB's last byte (the end mark
     *         of a diskless transfer is not part of it). A drop or stall fails a read with an IOException.
     */
    InputStream rdb() {
        return new InputStream() {
            private long served;
            private final byte[] tail = new byte[MARK]; // diskless: the last 40 bytes held back
            private int tailLen;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (served < 9) {
                    int n = (int) Math.min(len, 9 - served);
                    System.arraycopy(headerBytes, (int) served, b, off, n);
                    served += n;
                    return n;
                }
                return mark == null ? sized(b, off, len) : marked(b, off, len);
            }

            private int sized(byte[] b, int off, int len) throws IOException {
                if (served >= size) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, size - served));
                if (n < 0) {
                    throw new IOException("the replication link closed after " + served + " of " + size + " RDB bytes");
                }
                served += n;
                return n;
            }

            private int marked(byte[] b, int off, int len) throws IOException {
                while (!ended) {
                    // fill the tail, then hand out what precedes it as more arrives
                    if (tailLen < MARK) {
                        int n = in.read(tail, tailLen, MARK - tailLen);
                        if (n < 0) {
                            throw new IOException("the replication link closed after " + served
                                    + " RDB bytes, before the end mark");
                        }
                        tailLen += n;
                        if (tailLen == MARK && Arrays.equals(tail, mark)) {
                            ended = true;
                        }
                        continue;
                    }
                    int n = in.read(b, off, len);
                    if (n < 0) {
                        throw new IOException("the replication link closed after " + served
                                + " RDB bytes, before the end mark");
                    }
                    // hand out the n oldest bytes of tail + fresh; the 40 newest become the tail
                    byte[] fresh = Arrays.copyOfRange(b, off, off + n);
                    if (n >= MARK) {
                        System.arraycopy(tail, 0, b, off, MARK);
                        System.arraycopy(fresh, 0, b, off + MARK, n - MARK);
                        System.arraycopy(fresh, n - MARK, tail, 0, MARK);
                    } else {
                        System.arraycopy(tail, 0, b, off, n);
                        System.arraycopy(tail, n, tail, 0, MARK - n);
                        System.arraycopy(fresh, 0, tail, MARK - n, n);
                    }
                    served += n;
                    if (Arrays.equals(tail, mark)) {
                        ended = true;
                    }
                    return n;
                }
                return -1;
            }
        };
    }

    /** @return a failure of the link while the RDB was read, as one clear error */
    DatabaseSourceException receiveFailure(IOException e) {
        return new DatabaseSourceException("redis: receiving the RDB from " + where + " failed: " + describe(e), e);
    }

    private String command(List<String> args) throws IOException {
        send(args);
        int first = skipKeepAlives();
        return (char) first + line();
    }

    private void send(List<String> args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] v = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(v);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** @return the rest of a reply line, without CRLF */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the replication link");
            }
            if (b.size() > 4096) {
                throw new IOException("a reply line longer than 4 KiB");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String describe(Exception e) {
        if (e instanceof SocketTimeoutException) {
            return "no data within the timeout (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Socket tlsSocket(boolean verifyPeer, String host) throws IOException {
        try {
            SSLSocketFactory f;
            if (verifyPeer) {
                f = SSLContext.getDefault().getSocketFactory();
            } else {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                f = ctx.getSocketFactory();
            }
            SSLSocket s = (SSLSocket) f.createSocket();
            if (verifyPeer) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            return s;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** Accepts any certificate: only with {@code ?verifyPeer=false}, as the Lettuce connections do. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** Closes the link; the server drops the replica. Idempotent. */
    @Override
    public void close() {
        closeQuietly(socket);
    }
}
