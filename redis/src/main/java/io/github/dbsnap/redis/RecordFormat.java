package io.github.dbsnap.redis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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

    /** Reads records from one segment; not thread-safe; does not close the stream. */
    static final class Reader {
        private final DataInputStream in;
        private final String name;

        Reader(InputStream in, String name) {
            this.in = new DataInputStream(in);
            this.name = name;
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
                byte[] key = bytes(keyLen, "key");
                long expireAt = in.readLong();
                if (expireAt < KeyRecord.NO_EXPIRY) {
                    throw new IOException("segment " + name + " is corrupt: expiry " + expireAt);
                }
                byte[] payload = bytes(in.readInt(), "payload");
                return new KeyRecord(key, expireAt, payload);
            } catch (EOFException e) {
                throw new IOException("segment " + name + " is truncated inside a record", e);
            }
        }

        private byte[] bytes(int len, String what) throws IOException {
            if (len < 0 || len > MAX_LENGTH) {
                throw new IOException("segment " + name + " is corrupt: " + what + " length " + len);
            }
            byte[] b = new byte[len];
            in.readFully(b);
            return b;
        }
    }
}
