package io.github.dbsnap;

import io.github.dbsnap.archive.SnapshotArchiveReader;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.Pipe;
import io.github.dbsnap.internal.TeeInputStream;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies stored snapshots into another storage under the same keys: a producer thread downloads each one, checks it
 * as verify does (signature, age tags, compression, tar, manifest, whole-object digest) and tees the bytes (or the
 * rekeyed or newly encrypted bytes) into a bounded pipe, which the calling thread uploads. The pipe ends only after
 * every check passed, so a failed check or upload never leaves an object at the target.
 */
final class Copier {
    private static final Logger log = LoggerFactory.getLogger(Copier.class);
    private static final int BUFFER = 64 * 1024;

    private final StorageProvider storage;
    private final SnapshotOpener opener;
    private final SnapshotSigning signing;
    private final ExecutorService producers;

    Copier(StorageProvider storage, SnapshotOpener opener, SnapshotSigning signing, ExecutorService producers) {
        this.storage = storage;
        this.opener = opener;
        this.signing = signing;
        this.producers = producers;
    }

    CopyResult copy(List<SnapshotInfo> snapshots, StorageProvider target, AgeEncryption to) {
        if (to != null && !to.canEncrypt()) {
            throw new ConfigurationException("copy needs age recipients or a passphrase to re-encrypt to");
        }
        if (target.location().equals(storage.location())) {
            throw new ConfigurationException("copy target " + target.location() + " is the storage the snapshots are in");
        }
        long started = System.nanoTime();
        SnapshotAuthentication targetAuth = new SnapshotAuthentication(target, signing);
        List<CopyResult.Entry> entries = new ArrayList<>();
        for (SnapshotInfo s : snapshots) {
            entries.add(one(s, target, to, targetAuth));
        }
        return new CopyResult(entries, Duration.ofNanos(System.nanoTime() - started));
    }

    private CopyResult.Entry one(SnapshotInfo s, StorageProvider target, AgeEncryption to, SnapshotAuthentication targetAuth) {
        CopyResult.Transform t = to == null ? CopyResult.Transform.UNCHANGED
                : s.encrypted() ? CopyResult.Transform.HEADER_REWRITTEN : CopyResult.Transform.ENCRYPTED;
        String key = t == CopyResult.Transform.ENCRYPTED ? s.key() + ".age" : s.key();
        Optional<StoredObject> existing = target.stat(key);
        if (existing.isPresent()) {
            return already(s, key, t, target, existing.get());
        }
        // an object that is absent has no valid sidecar or marker: what is there was left by a deleted object
        target.delete(SnapshotAuthentication.sidecarKey(key));
        target.delete(CopyMarker.key(key));
        long t0 = System.nanoTime();
        Pipe pipe = Pipe.standard();
        Future<SnapshotAuthentication.Digesting> producer = producers.submit(() -> produce(pipe, s, t, to));
        SnapshotAuthentication.Digesting written = new SnapshotAuthentication.Digesting(pipe.source());
        StoredObject stored = null;
        RuntimeException storageError = null;
        try {
            stored = target.write(key, written);
        } catch (RuntimeException e) {
            storageError = e;
            pipe.failConsumer(e);
        }
        StoredObject storedObject = stored;
        SnapshotAuthentication.Digesting read = PipeProducer.await(producer, () -> {
            if (storedObject != null) {
                target.delete(key);
            }
        }, e -> failure(s, e));
        if (storageError != null) {
            throw storageError instanceof SnapshotExistsException e ? e
                    : new StorageException("copying snapshot '" + s.key() + "' to " + target.uri(key) + " failed: "
                    + storageError.getMessage(), storageError);
        }
        boolean signed = sidecar(s, key, t, target, targetAuth, written, stored);
        CopyMarker.write(target, key, written.hex(), written.count, read.hex());
        log.info("Snapshot {} copied to {} ({} bytes, {}, {} ms)", s.uri(), target.uri(key), written.count,
                t.name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - t0) / 1_000_000);
        return new CopyResult.Entry(s.key(), target.uri(key), CopyResult.Outcome.COPIED, t, written.hex(),
                written.count, signed);
    }

    /** The target holds the key: skip it when it is a copy of this very source, else refuse (never overwrite). */
    private CopyResult.Entry already(SnapshotInfo s, String key, CopyResult.Transform t, StorageProvider target,
                                     StoredObject existing) {
        String sourceSha = sourceSha(s);
        Optional<CopyMarker> marker = CopyMarker.read(target, key);
        String sha = null;
        if (marker.isPresent() && marker.get().size() == existing.size() && marker.get().sourceSha256().equals(sourceSha)) {
            sha = marker.get().sha256();
        } else if (marker.isEmpty() && t == CopyResult.Transform.UNCHANGED) {
            // written by a run stopped before its marker: the same bytes are the same snapshot
            String targetSha = hash(target, key);
            if (targetSha.equals(sourceSha)) {
                CopyMarker.write(target, key, targetSha, existing.size(), sourceSha);
                sha = targetSha;
            }
        }
        if (sha == null) {
            throw new SnapshotExistsException(key, target.location() + " and is not a copy of '" + s.key()
                    + "' (its copy marker or SHA-256 differs); delete it there to copy again");
        }
        log.info("Snapshot {} already copied to {}", s.key(), target.uri(key));
        return new CopyResult.Entry(s.key(), target.uri(key), CopyResult.Outcome.ALREADY_COPIED, t, sha, existing.size(),
                target.stat(SnapshotAuthentication.sidecarKey(key)).isPresent());
    }

    /** The source's SHA-256, from its signature sidecar or copy marker when it has one, else by reading it. */
    private String sourceSha(SnapshotInfo s) {
        if (signing != null && signing.verifies()) {
            return new SnapshotAuthentication(storage, signing).check(s).sha256();
        }
        Optional<String> recorded = CopyMarker.field(storage, SnapshotAuthentication.sidecarKey(s.key()), "sha256")
                .or(() -> CopyMarker.field(storage, CopyMarker.key(s.key()), "sha256"));
        return recorded.orElseGet(() -> hash(storage, s.key()));
    }

    private static String hash(StorageProvider where, String key) {
        try (InputStream in = where.read(key);
             SnapshotAuthentication.Digesting d = new SnapshotAuthentication.Digesting(in)) {
            d.transferTo(OutputStream.nullOutputStream());
            return d.hex();
        } catch (IOException e) {
            throw new StorageException("reading '" + key + "' in " + where.location() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks one snapshot, teeing what the target gets into the pipe; ends the pipe only after every
     * check passed, and fails it otherwise.
     *
     * @return the digest of the source object as read
     */
    private SnapshotAuthentication.Digesting produce(Pipe pipe, SnapshotInfo s, CopyResult.Transform t, AgeEncryption to)
            throws Exception {
        SnapshotAuthentication.Digesting raw = null;
        try {
            OutputStream sink = pipe.sink();
            raw = new SnapshotAuthentication.Digesting(opener.download(s));
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            boolean age = opener.checkAge(s.key(), buffered);
            if (age != s.encrypted()) {
                throw new CorruptSnapshotException("snapshot '" + s.key() + "' is " + (age ? "" : "not ")
                        + "age-encrypted, but its name says otherwise; refused");
            }
            InputStream plain;
            Ending end;
            switch (t) {
                case UNCHANGED -> {
                    TeeInputStream tee = new TeeInputStream(buffered, sink);
                    InputStream b = new BufferedInputStream(tee, BUFFER);
                    plain = age ? opener.encryption().decrypt(b) : b;
                    end = () -> {
                        tee.drain();
                        sink.close();
                    };
                }
                case HEADER_REWRITTEN -> {
                    InputStream p = opener.encryption().decryptCopying(buffered, to, sink);
                    plain = p;
                    end = () -> {
                        buffered.transferTo(OutputStream.nullOutputStream());
                        p.close();
                    };
                }
                default -> {
                    OutputStream encrypting = to.encrypt(sink);
                    TeeInputStream tee = new TeeInputStream(buffered, encrypting);
                    plain = tee;
                    end = () -> {
                        tee.drain();
                        encrypting.close();
                    };
                }
            }
            SnapshotAuthentication.Digesting counted = raw;
            try (SnapshotArchiveReader reader = new SnapshotArchiveReader(opener.decompressed(s.key(),
                    new BufferedInputStream(plain, BUFFER), () -> counted.count))) {
                reader.finish();
                end.run();
            }
            return raw;
        } catch (Throwable e) {
            // fail the pipe before anything is closed, so the upload never sees what looks like a complete stream
            pipe.failProducer(e);
            if (raw != null) {
                try {
                    raw.close();
                } catch (IOException | RuntimeException ignored) {
                    // the original failure is what matters
                }
            }
            throw e;
        }
    }

    /** What completes the target's stream once the source passed every check. */
    private interface Ending {
        void run() throws IOException;
    }

    /** Gives the copy a signature: a new one when a signing key is set, else the source's when the bytes are the same. */
    private boolean sidecar(SnapshotInfo s, String key, CopyResult.Transform t, StorageProvider target,
                            SnapshotAuthentication targetAuth, SnapshotAuthentication.Digesting written, StoredObject stored) {
        if (targetAuth.signs()) {
            targetAuth.signOrRemove(key, written, stored);
            return true;
        }
        String sidecar = SnapshotAuthentication.sidecarKey(s.key());
        if (storage.stat(sidecar).isEmpty()) {
            return false;
        }
        if (t != CopyResult.Transform.UNCHANGED) {
            log.warn("The copy {} is not signed: its bytes differ from the signed source and no signing key is configured",
                    target.uri(key));
            return false;
        }
        try (InputStream in = storage.read(sidecar)) {
            target.write(SnapshotAuthentication.sidecarKey(key), in);
        } catch (IOException e) {
            throw new StorageException("copying the signature of snapshot '" + s.key() + "' failed: " + e.getMessage(), e);
        }
        return true;
    }

    private static DbsnapException failure(SnapshotInfo s, Throwable t) {
        if (t instanceof DbsnapException d) {
            return d;
        }
        if (t instanceof IOException e) {
            return SnapshotOpener.corrupt(s, e);
        }
        return new CorruptSnapshotException("copying snapshot '" + s.key() + "' failed: " + t, t);
    }
}
