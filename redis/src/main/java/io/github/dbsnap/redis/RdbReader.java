package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an RDB file as a stream and turns every key into a {@code DUMP} payload: the value's bytes are
 * copied as Redis wrote them (never decoded), framed with the RDB version and a CRC-64, which is exactly
 * what {@code DUMP} returns. Checks the file's CRC-64 trailer. A declared length is never allocated up
 * front: a value is copied in chunks and refused once it passes the payload limit, so a huge key or a
 * corrupt length fails with a clear error instead of exhausting the heap. Not thread-safe.
 */
final class RdbReader {
    /** The newest RDB version whose value types this reader knows: 11 (Redis 7.2). */
    static final int MAX_VERSION = 11;
    private static final int OP_FUNCTION2 = 245;
    private static final int OP_FUNCTION = 246;
    private static final int OP_MODULE_AUX = 247;
    private static final int OP_IDLE = 248;
    private static final int OP_FREQ = 249;
    private static final int OP_AUX = 250;
    private static final int OP_RESIZEDB = 251;
    private static final int OP_EXPIRETIME_MS = 252;
    private static final int OP_EXPIRETIME = 253;
    private static final int OP_SELECTDB = 254;
    private static final int OP_EOF = 255;

    /** Receives one key of the databases asked for. */
    interface KeyConsumer {
        void accept(int db, KeyRecord r) throws IOException;
    }

    /**
     * What an RDB held.
     *
     * @param version the RDB version from its header
     * @param keys    keys per logical database (databases without keys absent)
     */
    record Summary(int version, Map<Integer, Long> keys) {
        long total() {
            return keys.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final InputStream in;
    private final String name;
    private final long limit;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private int crcFrom;
    private long crc;
    private long consumed;
    private byte[] cap = new byte[256];
    private int capLen;
    private boolean capturing;
    private byte[] key;

    /**
     * @param in    the RDB bytes; read to the end of the trailer, not closed
     * @param name  for messages: the archive entry or where the RDB came from
     * @param limit the largest key or payload accepted ({@link RedisSourceConfig#payloadLimit()})
     */
    RdbReader(InputStream in, String name, long limit) {
        this.in = in;
        this.name = name;
        this.limit = limit;
    }

    /** @return the version in the 9-byte header {@code REDIS0010} */
    static int version(byte[] header, String name) throws IOException {
        String magic = new String(header, 0, 5, StandardCharsets.US_ASCII);
        String digits = new String(header, 5, 4, StandardCharsets.US_ASCII);
        if (!magic.equals("REDIS") || !digits.matches("\\d{4}")) {
            throw new IOException(name + " is not an RDB file (no REDIS header)");
        }
        return Integer.parseInt(digits);
    }

    /** @throws DatabaseSourceException when dbsnap does not know how to read RDB files of {@code version} */
    static void checkVersion(int version, String where) {
        if (version < 1 || version > MAX_VERSION) {
            throw new DatabaseSourceException("redis: " + where + " sent an RDB of version " + version
                    + "; this dbsnap reads RDB versions up to " + MAX_VERSION + " (Redis 7.2). Nothing was stored. "
                    + "Use capture=scan, or a dbsnap that knows this Redis version");
        }
    }

    /**
     * Reads the whole RDB, including its trailer, and checks its CRC-64.
     *
     * @param onlyDb the logical database whose keys go to {@code sink}, or -1 for all
     * @param sink   receives the keys of {@code onlyDb}; null only to check and count
     * @throws IOException when the RDB is truncated, corrupt, or fails its checksum
     */
    Summary read(int onlyDb, KeyConsumer sink) throws IOException {
        try {
            byte[] header = new byte[9];
            readFully(header, 0, 9);
            int version = version(header, name);
            if (version > MAX_VERSION) {
                throw new IOException(name + " is an RDB of version " + version + "; this dbsnap reads versions up to "
                        + MAX_VERSION);
            }
            Map<Integer, Long> keys = new TreeMap<>();
            int db = 0;
            long expireAt = KeyRecord.NO_EXPIRY;
            while (true) {
                int type = u8();
                switch (type) {
                    case OP_EOF -> {
                        checkTrailer(version);
                        return new Summary(version, keys);
                    }
                    case OP_SELECTDB -> db = (int) len();
                    case OP_RESIZEDB -> {
                        len();
                        len();
                    }
                    case OP_EXPIRETIME_MS -> expireAt = littleEndian(8);
                    case OP_EXPIRETIME -> expireAt = littleEndian(4) * 1000;
                    case OP_FREQ -> u8();
                    case OP_IDLE -> len();
                    case OP_AUX -> {
                        string();
                        string();
                    }
                    case OP_MODULE_AUX -> {
                        len();
                        len();
                        len();
                        moduleOpcodes();
                    }
                    case OP_FUNCTION2 -> string();
                    case OP_FUNCTION -> throw new IOException(name + " holds functions in the format of a Redis 7.0 "
                            + "release candidate, which dbsnap does not read");
                    default -> {
                        boolean wanted = sink != null && (onlyDb < 0 || onlyDb == db);
                        key = keyBytes();
                        if (wanted) {
                            capturing = true;
                            capLen = 0;
                            append(new byte[] {(byte) type}, 0, 1);
                        }
                        value(type);
                        keys.merge(db, 1L, Long::sum);
                        if (wanted) {
                            capturing = false;
                            sink.accept(db, new KeyRecord(key, expireAt, payload(version)));
                        }
                        expireAt = KeyRecord.NO_EXPIRY;
                    }
                }
            }
        } catch (EOFException e) {
            throw new IOException(name + " is truncated: the RDB ends after " + consumed + " bytes", e);
        }
    }

    private void checkTrailer(int version) throws IOException {
        if (version < 5) {
            return; // no checksum before RDB version 5
        }
        long computed = crcSoFar();
        byte[] t = new byte[8];
        readFully(t, 0, 8);
        long stored = Crc64.readLittleEndian(t, 0);
        if (stored != computed) {
            throw new IOException(name + " fails its CRC-64 check (" + (stored == 0 ? "no checksum stored"
                    : "stored " + Long.toHexString(stored) + ", computed " + Long.toHexString(computed))
                    + "): the RDB is corrupt");
        }
        if (pos < lim || fill() > 0) {
            throw new IOException(name + " has bytes after the end of the RDB");
        }
    }

    /** @return the value bytes captured so far framed as a DUMP payload: version (LE u16) and CRC-64 (LE) */
    private byte[] payload(int version) {
        byte[] p = Arrays.copyOf(cap, capLen + 10);
        p[capLen] = (byte) version;
        p[capLen + 1] = (byte) (version >>> 8);
        Crc64.writeLittleEndian(Crc64.update(0, p, 0, capLen + 2), p, capLen + 2);
        return p;
    }

    private void value(int type) throws IOException {
        switch (type) {
            case 0, 9, 10, 11, 12, 13, 16, 17, 20 -> string(); // a string, or one ziplist/listpack/intset blob
            case 1, 2, 14 -> repeat(len(), 1);
            case 4 -> repeat(len(), 2);
            case 3 -> {
                for (long n = len(); n > 0; n--) {
                    string();
                    int l = u8(); // a double as text: 253 nan, 254 +inf, 255 -inf, else its length
                    if (l < 253) {
                        copy(l);
                    }
                }
            }
            case 5 -> {
                for (long n = len(); n > 0; n--) {
                    string();
                    copy(8);
                }
            }
            case 18 -> {
                for (long n = len(); n > 0; n--) {
                    len(); // container: plain or packed
                    string();
                }
            }
            case 7 -> {
                len(); // module type id
                moduleOpcodes();
            }
            case 15, 19, 21 -> stream(type);
            case 6 -> throw new IOException(name + ": key " + PrintableKey.of(key) + " holds a module value of the "
                    + "old format (RDB type 6), which cannot be read without its module");
            default -> throw new IOException(name + ": key " + PrintableKey.of(key) + " has an unknown RDB value type "
                    + type + " (a newer Redis?)");
        }
    }

    private void stream(int type) throws IOException {
        for (long n = len(); n > 0; n--) {
            string(); // master entry id
            string(); // listpack
        }
        repeatLen(3); // length, last id (ms, seq)
        if (type >= 19) {
            repeatLen(5); // first id, max deleted id, entries added
        }
        for (long groups = len(); groups > 0; groups--) {
            string();
            repeatLen(type >= 19 ? 3 : 2); // last id (, entries read)
            for (long pel = len(); pel > 0; pel--) {
                copy(16 + 8); // id, delivery time
                len(); // delivery count
            }
            for (long consumers = len(); consumers > 0; consumers--) {
                string();
                copy(type >= 21 ? 16 : 8); // seen time (, active time)
                for (long pel = len(); pel > 0; pel--) {
                    copy(16);
                }
            }
        }
    }

    private void moduleOpcodes() throws IOException {
        while (true) {
            long op = len();
            switch ((int) op) {
                case 0 -> {
                    return;
                }
                case 1, 2 -> len();
                case 3 -> copy(4);
                case 4 -> copy(8);
                case 5 -> string();
                default -> throw new IOException(name + " is corrupt: module opcode " + op);
            }
        }
    }

    private void repeat(long n, int stringsEach) throws IOException {
        for (long i = 0; i < n * stringsEach; i++) {
            string();
        }
    }

    private void repeatLen(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            len();
        }
    }

    /** Reads (and captures) a length; an integer or LZF encoding where a length belongs is corruption. */
    private long len() throws IOException {
        int b = u8();
        long v = lenOrEncoding(b);
        if ((b & 0xc0) == 0xc0) {
            throw new IOException(name + " is corrupt at byte " + consumed + ": an encoded string where a length belongs");
        }
        return v;
    }

    private long lenOrEncoding(int b) throws IOException {
        return switch (b >>> 6) {
            case 0 -> b & 0x3f;
            case 1 -> ((b & 0x3f) << 8) | u8();
            case 2 -> {
                if (b == 0x80) {
                    yield bigEndian(4);
                }
                if (b == 0x81) {
                    yield bigEndian(8);
                }
                throw new IOException(name + " is corrupt at byte " + consumed + ": length prefix " + b);
            }
            default -> b & 0x3f;
        };
    }

    /** Skips (or captures) one string in any encoding. */
    private void string() throws IOException {
        int b = u8();
        long n = lenOrEncoding(b);
        if ((b & 0xc0) == 0xc0) {
            switch ((int) n) {
                case 0 -> copy(1);
                case 1 -> copy(2);
                case 2 -> copy(4);
                case 3 -> {
                    long clen = len();
                    len();
                    copy(clen);
                }
                default -> throw new IOException(name + " is corrupt at byte " + consumed + ": string encoding " + n);
            }
        } else {
            copy(n);
        }
    }

    /** Reads a key: decodes integer and LZF encodings, since RESTORE takes the plain bytes. */
    private byte[] keyBytes() throws IOException {
        int b = u8();
        long n = lenOrEncoding(b);
        if ((b & 0xc0) == 0xc0) {
            return switch ((int) n) {
                case 0 -> Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
                case 1 -> Long.toString((short) littleEndian(2)).getBytes(StandardCharsets.US_ASCII);
                case 2 -> Long.toString((int) littleEndian(4)).getBytes(StandardCharsets.US_ASCII);
                case 3 -> {
                    long clen = len();
                    long plain = len();
                    byte[] out = new byte[checkKeyLength(plain)];
                    Lzf.decompress(bytes(checkKeyLength(clen)), out);
                    yield out;
                }
                default -> throw new IOException(name + " is corrupt at byte " + consumed + ": key encoding " + n);
            };
        }
        return bytes(checkKeyLength(n));
    }

    private int checkKeyLength(long n) throws IOException {
        if (n > RecordFormat.MAX_LENGTH) {
            throw new IOException(name + " is corrupt at byte " + consumed + ": key length " + n);
        }
        if (n > limit) {
            throw new DatabaseSourceException("redis: " + name + " holds a key of " + n + " bytes, above the limit of "
                    + limit + " bytes (max-payload-size, at most 1/8 of the JVM heap); nothing was restored");
        }
        return (int) n;
    }

    /** @return {@code n} bytes, read in chunks so that a length the stream does not back is never allocated */
    private byte[] bytes(int n) throws IOException {
        byte[] out = new byte[Math.min(n, buf.length)];
        int got = 0;
        while (got < n) {
            if (got == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int k = Math.min(out.length - got, available());
            System.arraycopy(buf, pos, out, got, k);
            pos += k;
            consumed += k;
            got += k;
        }
        return out;
    }

    private void copy(long n) throws IOException {
        while (n > 0) {
            int k = (int) Math.min(n, available());
            if (capturing) {
                append(buf, pos, k);
            }
            pos += k;
            consumed += k;
            n -= k;
        }
    }

    private void append(byte[] b, int off, int n) {
        if (capLen + (long) n > limit || capLen + (long) n > RecordFormat.MAX_LENGTH) {
            throw new DatabaseSourceException("redis: " + name + ": key " + PrintableKey.of(key) + " has a DUMP "
                    + "payload of more than " + limit + " bytes, above the limit (max-payload-size, at most 1/8 of the "
                    + "JVM heap); nothing was restored. Raise max-payload-size or the heap (-Xmx) to restore it");
        }
        if (capLen + n > cap.length) {
            cap = Arrays.copyOf(cap, (int) Math.min(Math.max(capLen + n, 2L * cap.length), Integer.MAX_VALUE - 16));
        }
        System.arraycopy(b, off, cap, capLen, n);
        capLen += n;
    }

    private int u8() throws IOException {
        available();
        int v = buf[pos++] & 0xff;
        consumed++;
        if (capturing) {
            append(buf, pos - 1, 1);
        }
        return v;
    }

    private long littleEndian(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    private long bigEndian(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    private void readFully(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            int k = Math.min(n, available());
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            consumed += k;
            off += k;
            n -= k;
        }
    }

    /** @return bytes buffered (at least 1), refilling when empty; EOFException at the end of the stream */
    private int available() throws IOException {
        if (pos == lim && fill() <= 0) {
            throw new EOFException();
        }
        return lim - pos;
    }

    /** Checksums what was consumed, then refills the (fully consumed) buffer. @return bytes read, -1 at the end */
    private int fill() throws IOException {
        crcSoFar();
        pos = 0;
        lim = 0;
        crcFrom = 0;
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            lim = n;
        }
        return n;
    }

    private long crcSoFar() {
        crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc;
    }
}
