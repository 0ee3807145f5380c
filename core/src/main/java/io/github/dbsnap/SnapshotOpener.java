package io.github.dbsnap;

import io.github.dbsnap.archive.Compressors;
import io.github.dbsnap.archive.SnapshotArchiveReader;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.CountingInputStream;
import io.github.dbsnap.internal.ReadAhead;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.LocalDisk;
import io.github.dbsnap.spi.StagedRestore;
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
    private final SnapshotAuthentication authentication;
    private final boolean allowUnencrypted;
    private final long maxExpansionRatio;
    private final long expansionFloor;

    SnapshotOpener(StorageProvider storage, AgeEncryption encryption, ExecutorService producers, Listeners listeners,
                   SnapshotAuthentication authentication, boolean allowUnencrypted, long maxExpansionRatio,
                   long expansionFloor) {
        this.storage = storage;
        this.encryption = encryption;
        this.producers = producers;
        this.listeners = listeners;
        this.authentication = authentication;
        this.allowUnencrypted = allowUnencrypted;
        this.maxExpansionRatio = maxExpansionRatio;
        this.expansionFloor = expansionFloor;
    }

    /**
     * Checks the signature (when verification keys are configured) before reading a byte of the snapshot, then
     * opens it; the whole-object digest is compared with the signed one when the download ends, before the
     * archive reader's {@code finish()} returns.
     */
    SnapshotArchiveReader open(SnapshotInfo info, String database, Operation op) throws IOException {
        CountingInputStream in = new CountingInputStream(download(info), bytes -> listeners.progress(database, op, bytes));
        InputStream decoded;
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
            InputStream plain = buffered;
            if (checkAge(info.key(), buffered)) {
                plain = new BufferedInputStream(encryption.decrypt(buffered), 64 * 1024);
            }
            decoded = decompressed(info.key(), plain, in::count);
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

    /** @return the stored object's bytes; when signatures are verified, checked against the signed digest at their end */
    InputStream download(SnapshotInfo info) {
        SnapshotSigning.Signed signed = authentication.verifies() ? authentication.check(info) : null;
        InputStream download = storage.read(info.key());
        return signed == null ? download : SnapshotAuthentication.enforcing(download, signed, info.key());
    }

    /**
     * @param buffered the stored bytes, not read yet (only peeked at)
     * @return whether they are age-encrypted (binary or ASCII-armored)
     * @throws EncryptionException when an unencrypted snapshot is refused, or no key is configured to decrypt it
     */
    boolean checkAge(String key, BufferedInputStream buffered) throws IOException {
        boolean age = AgeEncryption.isEncrypted(Compressors.peek(buffered, 64));
        if (!age && encryption != null && !allowUnencrypted) {
            throw new EncryptionException("snapshot '" + key + "' is not encrypted, but encryption is "
                    + "configured; refused, as anyone who can write to the storage could have put it there. "
                    + "To read older unencrypted snapshots, set SNAPSHOTS_ALLOW_UNENCRYPTED=1");
        }
        if (age && (encryption == null || !encryption.canDecrypt())) {
            throw new EncryptionException("snapshot '" + key + "' is age-encrypted and no identity "
                    + "is configured to decrypt it; set SNAPSHOTS_AGE_SECRET_KEY to the age identity (secret key) "
                    + "matching the public key it was encrypted to, or SNAPSHOTS_ENCRYPTION_KEY to that identity or the passphrase");
        }
        return age;
    }

    /** @return the zstd or gzip stream (by its magic) decompressed, guarded against decompression bombs */
    InputStream decompressed(String key, InputStream plain, java.util.function.LongSupplier stored) throws IOException {
        BufferedInputStream compressed = plain instanceof BufferedInputStream b ? b : new BufferedInputStream(plain);
        Compression c = Compressors.detect(compressed);
        InputStream decoded = Compressors.decompress(compressed, c);
        if (maxExpansionRatio > 0) {
            decoded = new CountingInputStream(decoded, new ExpansionGuard(stored, maxExpansionRatio, expansionFloor,
                    key));
        }
        return decoded;
    }

    /** @return the encryption configured for reading, or null */
    AgeEncryption encryption() {
        return encryption;
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

    /**
     * Stages through the source; a failure of this host's disk (full, read-only, no permission) is
     * reported as such, never as a damaged snapshot, unless the snapshot's own stream failed.
     */
    static StagedRestore stage(DatabaseSource source, SnapshotArchiveReader reader, SnapshotInfo info, String target)
            throws IOException {
        try {
            return source.stage(reader);
        } catch (IOException e) {
            if (LocalDisk.isOutOfSpace(e) || (!reader.threw(e) && LocalDisk.isLocalFailure(e))) {
                throw new DatabaseSourceException("staging snapshot '" + info.key() + "' for '" + target
                        + "' failed on this host, not because of the snapshot: " + e.getMessage()
                        + " (where the source stages: its temp directory); the snapshot itself may be fine", e);
            }
            throw e;
        }
    }
}
