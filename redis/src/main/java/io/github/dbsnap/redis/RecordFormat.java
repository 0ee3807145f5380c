package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Layout 1 of the key segments ({@code redis/keys-000001.bin}, …): records back to back, each
 * {@code u32 key length, key, i64 expire-at (Unix ms, -1 = none), u32 payload length, DUMP payload},
 * integers big-endian. Documented in {@code docs/redis.md}.
 */
final class RecordFormat {
    static final String LAYOUT_VERSION = "1";
    static final String SEGMENT_PREFIX = "redis/keys-";
    static final Pattern SEGMENT_NAME = Pattern.compile("redis/keys-\\d{6,}\\.bin");
    /** Redis refuses keys and strings above 512 MiB; anything longer is corruption. */
    static final int MAX_LENGTH = 512 * 1024 * 1024;

    private RecordFormat() {
    }

    static String segmentName(int index) {
        return String.format("%s%06d.bin", SEGMENT_PREFIX, index);
    }

    static void write(DataOutputStream out, KeyRecord r) throws IOException {
        out.writeInt(r.key().length);
        out.write(r.key());
        out.writeLong(r.expireAt());
        out.writeInt(r.payload().length);
        out.write(r.payload());
    }

    /** @return the bytes that precede the payload of {@code r}: key length, key, expire-at, payload length */
    static byte[] header(KeyRecord r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16 + r.key().length);
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(r.key().length);
            out.write(r.key());
            out.writeLong(r.expireAt());
            out.writeInt(r.payload().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return b.toByteArray();
    }

    /**
     * Reads records from one segment; not thread-safe; does not close the stream. A declared length is
     * never allocated up front: the bytes are read in bounded chunks, so a short segment declaring a huge
     * key fails as truncated after reading what is there, and a length above the limit is refused first.
     */
    static final class Reader {
        private final DataInputStream in;
        private final String name;
        private final long limit;

        /** @param limit the largest key or payload accepted ({@link RedisSourceConfig#payloadLimit()}) */
        Reader(InputStream in, String name, long limit) {
            this.in = new DataInputStream(in);
            this.name = name;
            this.limit = limit;
        }

        /** @return the next record, or null at a clean end of the segment */
        KeyRecord next() throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            try {
                int keyLen = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                        | in.readUnsignedByte();
                byte[] key = bytes(keyLen, null);
                long expireAt = in.readLong();
                if (expireAt < KeyRecord.NO_EXPIRY) {
                    throw new IOException("segment " + name + " is corrupt: expiry " + expireAt);
                }
                byte[] payload = bytes(in.readInt(), key);
                return new KeyRecord(key, expireAt, payload);
            } catch (EOFException e) {
                throw new IOException("segment " + name + " is truncated inside a record", e);
            }
        }

        /** @param key null while reading the key itself, else the key whose payload this is */
        private byte[] bytes(int len, byte[] key) throws IOException {
            String what = key == null ? "key" : "payload";
            if (len < 0 || len > MAX_LENGTH) {
                throw new IOException("segment " + name + " is corrupt: " + what + " length " + len);
            }
            if (len > limit) {
                throw new DatabaseSourceException("redis: segment " + name + " holds a " + what + " of " + len
                        + " bytes" + (key == null ? "" : " (key " + PrintableKey.of(key) + ")") + ", above the limit of "
                        + limit + " bytes (max-payload-size, at most 1/8 of the JVM heap); nothing was restored "
                        + "from it. Raise max-payload-size or the heap (-Xmx) to restore it");
            }
            byte[] b = in.readNBytes(len); // grows with the bytes actually there, never allocates len up front
            if (b.length < len) {
                throw new EOFException();
            }
            return b;
        }
    }
}
