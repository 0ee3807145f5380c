package io.github.dbsnap.redis;

/**
 * One key of a snapshot.
 *
 * @param key      the key's bytes
 * @param expireAt absolute expiry in Unix milliseconds on the server's clock, or {@link #NO_EXPIRY}
 * @param payload  the {@code DUMP} serialization of the value
 */
record KeyRecord(byte[] key, long expireAt, byte[] payload) {
    static final long NO_EXPIRY = -1;

    /** @return the encoded size in bytes (see {@link RecordFormat}) */
    int encodedSize() {
        return 4 + key.length + 8 + 4 + payload.length;
    }
}
