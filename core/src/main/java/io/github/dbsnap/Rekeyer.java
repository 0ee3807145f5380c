package io.github.dbsnap;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Rewrites the age headers of stored snapshots for new recipients, copying each payload byte for byte into a new
 * object {@code <name>.tar.<ext>.rk-<tag>.age}, where the tag names the recipient set: a rerun finds its earlier
 * targets and skips them.
 */
final class Rekeyer {
    private static final Logger log = LoggerFactory.getLogger(Rekeyer.class);
    private final StorageProvider storage;
    private final AgeEncryption from;
    private final SnapshotAuthentication authentication;

    Rekeyer(StorageProvider storage, AgeEncryption from, SnapshotAuthentication authentication) {
        this.storage = storage;
        this.from = from;
        this.authentication = authentication;
    }

    RekeyResult rekey(List<SnapshotInfo> snapshots, AgeEncryption to, boolean deleteOld) {
        if (!to.canEncrypt()) {
            throw new ConfigurationException("rekey needs new age recipients or a passphrase to encrypt to");
        }
        long started = System.nanoTime();
        String tag = tag(to);
        List<RekeyResult.Entry> entries = new ArrayList<>();
        for (SnapshotInfo s : snapshots) {
            entries.add(one(s, to, tag, deleteOld));
        }
        return new RekeyResult(entries, Duration.ofNanos(System.nanoTime() - started));
    }

    private RekeyResult.Entry one(SnapshotInfo s, AgeEncryption to, String tag, boolean deleteOld) {
        if (!s.encrypted()) {
            return new RekeyResult.Entry(s.key(), null, RekeyResult.Outcome.NOT_ENCRYPTED, false);
        }
        String target = targetKey(s.key(), tag);
        if (target.equals(s.key())) {
            return new RekeyResult.Entry(s.key(), target, RekeyResult.Outcome.ALREADY_REKEYED, false);
        }
        RekeyResult.Outcome outcome = RekeyResult.Outcome.ALREADY_REKEYED;
        if (storage.stat(target).isEmpty()) {
            if (from == null || !from.canDecrypt()) {
                throw new EncryptionException("rekey of '" + s.key() + "' needs the age identity or passphrase that "
                        + "opens it; none is configured");
            }
            long t0 = System.nanoTime();
            if (!rewrite(s.key(), target, to)) {
                copyThrough(s.key(), target, to, t0);
            }
            outcome = RekeyResult.Outcome.REKEYED;
            log.info("Snapshot {} rekeyed into {}", s.key(), target);
        }
        if (deleteOld) {
            storage.delete(s.key());
            storage.delete(SnapshotAuthentication.sidecarKey(s.key()));
            storage.delete(CopyMarker.key(s.key()));
            log.info("Snapshot {} deleted after rekey", s.key());
        }
        return new RekeyResult.Entry(s.key(), target, outcome, deleteOld);
    }

    /**
     * Rewrites the header only and lets the storage copy the payload (in the kernel for {@code local}): the
     * payload never passes through the JVM. Signs the result when a signing key is set, which reads it back.
     *
     * @return false when the source is ASCII-armored or the target armors: the payload bytes change then
     */
    private boolean rewrite(String source, String target, AgeEncryption to) {
        if (to.armor()) {
            return false;
        }
        long t0 = System.nanoTime();
        java.util.Optional<AgeEncryption.Rewrapped> header;
        try (InputStream in = storage.read(source)) {
            header = from.rewrapHeader(in, to);
        } catch (EncryptionException e) {
            throw new EncryptionException("cannot rekey snapshot '" + source + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("reading snapshot '" + source + "' for rekey failed: " + e.getMessage(), e);
        }
        if (header.isEmpty()) {
            return false;
        }
        long headerNanos = System.nanoTime() - t0;
        StoredObject stored = storage.writeComposed(target, new java.io.ByteArrayInputStream(header.get().header()),
                source, header.get().replacedLength());
        log.info("Snapshot {}: header rewritten in {} ms, payload copied by the storage in {} ms", source,
                headerNanos / 1_000_000, (System.nanoTime() - t0 - headerNanos) / 1_000_000);
        if (authentication.signs()) {
            try (InputStream in = storage.read(target)) {
                SnapshotAuthentication.Digesting digest = new SnapshotAuthentication.Digesting(in);
                digest.transferTo(java.io.OutputStream.nullOutputStream());
                authentication.signOrRemove(target, digest, stored);
            } catch (IOException e) {
                storage.delete(target);
                throw new StorageException("reading back '" + target + "' to sign it failed: " + e.getMessage(), e);
            }
        }
        return true;
    }

    /** Streams the whole file through a new header: for armored files, whose payload bytes change. */
    private void copyThrough(String source, String target, AgeEncryption to, long t0) {
        try (InputStream in = storage.read(source)) {
            InputStream rekeyed;
            try {
                rekeyed = from.rekey(in, to);
            } catch (EncryptionException e) {
                throw new EncryptionException("cannot rekey snapshot '" + source + "': " + e.getMessage(), e);
            }
            long header = System.nanoTime() - t0;
            SnapshotAuthentication.Digesting digest = new SnapshotAuthentication.Digesting(rekeyed);
            StoredObject stored = storage.write(target, digest);
            if (authentication.signs()) {
                authentication.signOrRemove(target, digest, stored);
            }
            log.info("Snapshot {}: header rewritten in {} ms, payload copied unchanged in {} ms", source,
                    header / 1_000_000, (System.nanoTime() - t0 - header) / 1_000_000);
        } catch (IOException e) {
            throw new StorageException("reading snapshot '" + source + "' for rekey failed: " + e.getMessage(), e);
        }
    }

    /** {@code a/main.tar.zst.age} or {@code a/main.tar.zst.rk-old.age} → {@code a/main.tar.zst.rk-<tag>.age}. */
    static String targetKey(String key, String tag) {
        String base = key.substring(0, key.length() - ".age".length()).replaceFirst("\\.rk-[0-9a-z]{1,16}$", "");
        return base + ".rk-" + tag + ".age";
    }

    /** Names a recipient set by its hash; a passphrase (which must not be hashed into a name) by a fixed word. */
    static String tag(AgeEncryption to) {
        if (to.recipients().isEmpty()) {
            return "passphrase";
        }
        byte[] h = Hex.sha256().digest(String.join("\n", new TreeSet<>(to.recipients())).getBytes(StandardCharsets.US_ASCII));
        return Hex.of(h).substring(0, 8);
    }
}
