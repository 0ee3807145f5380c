package io.github.dbsnap;

import io.github.dbsnap.archive.Compressors;
import io.github.dbsnap.archive.SnapshotArchiveReader;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.CountingInputStream;
import io.github.dbsnap.internal.ReadAhead;
import io.github.dbsnap.spi.StorageProvider;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;

/** Opens a stored snapshot for reading: download → age (by its magic, binary or armored) → zstd or gzip (by theirs) → tar. */
final class SnapshotOpener {
    private final StorageProvider storage;
    private final AgeEncryption encryption;
    private final ExecutorService producers;
    private final Listeners listeners;

    SnapshotOpener(StorageProvider storage, AgeEncryption encryption, ExecutorService producers, Listeners listeners) {
        this.storage = storage;
        this.encryption = encryption;
        this.producers = producers;
        this.listeners = listeners;
    }

    SnapshotArchiveReader open(SnapshotInfo info, String database, Operation op) throws IOException {
        InputStream in = new CountingInputStream(storage.read(info.key()), bytes -> listeners.progress(database, op, bytes));
        InputStream decoded;
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
            InputStream plain = buffered;
            if (AgeEncryption.isEncrypted(Compressors.peek(buffered, 64))) { // binary or ASCII-armored
                if (encryption == null || !encryption.canDecrypt()) {
                    throw new EncryptionException("snapshot '" + info.key() + "' is age-encrypted and no identity "
                            + "is configured to decrypt it; set SNAPSHOTS_AGE_SECRET_KEY to the age identity (secret key) "
                            + "matching the public key it was encrypted to, or SNAPSHOTS_ENCRYPTION_KEY to that identity or the passphrase");
                }
                plain = new BufferedInputStream(encryption.decrypt(buffered), 64 * 1024);
            }
            BufferedInputStream compressed = plain instanceof BufferedInputStream b ? b : new BufferedInputStream(plain);
            Compression c = Compressors.detect(compressed);
            decoded = Compressors.decompress(compressed, c);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        // download, decryption and decompression run on a producer thread, ahead of the tar reader and
        // the source, which then have a core of their own; from here that thread owns (and closes) `in`
        InputStream ahead = ReadAhead.start(decoded, producers);
        try {
            return new SnapshotArchiveReader(ahead);
        } catch (IOException | RuntimeException e) {
            ahead.close();
            throw e;
        }
    }

    static DbsnapException corrupt(SnapshotInfo info, IOException e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof DbsnapException)) {
            t = t.getCause();
        }
        if (t instanceof DbsnapException d) {
            return d;
        }
        return new CorruptSnapshotException("snapshot '" + info.key() + "' is truncated or corrupt: " + e.getMessage(), e);
    }
}
