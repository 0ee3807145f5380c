package io.github.dbsnap;

import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.KeyTemplate;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds snapshots in storage by the key template: listing newest first, and resolving restore URIs. */
final class SnapshotCatalog {
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("(?:.*/)?([^/]+)\\.tar\\.(zst|gz)(?:" + KeyTemplate.REKEY_TAG + ")?(\\.age)?");

    private final StorageProvider storage;
    private final KeyTemplate prefix;

    SnapshotCatalog(StorageProvider storage, KeyTemplate prefix) {
        this.storage = storage;
        this.prefix = prefix;
    }

    List<SnapshotInfo> list(String database) {
        List<SnapshotInfo> out = new ArrayList<>();
        var pattern = prefix.keyPattern(database);
        for (StoredObject o : storage.list(prefix.listingPrefix())) {
            Matcher m = pattern.matcher(o.key());
            if (m.matches()) {
                Instant created = KeyTemplate.dateOf(m).orElse(o.lastModified());
                out.add(new SnapshotInfo(o.key(), storage.uri(o.key()), database, o.size(), created,
                        compressionOf(m.group("ext")), m.group("age") != null));
            }
        }
        out.sort(Comparator.comparing(SnapshotInfo::createdAt).thenComparing(SnapshotInfo::key).reversed());
        return out;
    }

    /** Removes signatures (sidecars) and copy markers whose snapshot is gone, written at or before {@code before}; @return how many */
    int removeOrphanSignatures(Instant before) {
        List<StoredObject> all = storage.list(prefix.listingPrefix());
        java.util.Set<String> keys = new java.util.HashSet<>();
        all.forEach(o -> keys.add(o.key()));
        int removed = 0;
        for (StoredObject o : all) {
            String key = o.key();
            String suffix = key.endsWith(SnapshotSigning.SUFFIX) ? SnapshotSigning.SUFFIX
                    : key.endsWith(CopyMarker.SUFFIX) ? CopyMarker.SUFFIX : null;
            if (suffix != null && !o.lastModified().isAfter(before)
                    && SNAPSHOT_NAME.matcher(key.substring(0, key.length() - suffix.length())).matches()
                    && !keys.contains(key.substring(0, key.length() - suffix.length()))) {
                storage.delete(key);
                removed++;
            }
        }
        return removed;
    }

    SnapshotInfo resolve(String uri) {
        String key = SnapshotUris.toKey(storage, uri);
        Matcher m = SNAPSHOT_NAME.matcher(key);
        if (!m.matches()) {
            throw new InvalidStorageKeyException("'" + uri + "' is not a snapshot name; expected …/<database>.tar.zst or .tar.gz, optionally .age");
        }
        StoredObject o = storage.stat(key)
                .orElseThrow(() -> new SnapshotNotFoundException(key, storage.location().toString()));
        Matcher dated = prefix.keyPattern(m.group(1)).matcher(key);
        Instant created = dated.matches() ? KeyTemplate.dateOf(dated).orElse(o.lastModified()) : o.lastModified();
        return new SnapshotInfo(key, storage.uri(key), m.group(1), o.size(), created, compressionOf(m.group(2)),
                m.group(3) != null);
    }

    /**
     * @param uriOrPrefix a snapshot's URI or key, or a key prefix
     * @return that snapshot, or the snapshots (of any database) whose keys start with the prefix, in key order
     */
    List<SnapshotInfo> select(String uriOrPrefix) {
        String key = SnapshotUris.toKey(storage, uriOrPrefix.endsWith("/") ? uriOrPrefix + "x" : uriOrPrefix);
        if (SNAPSHOT_NAME.matcher(key).matches() && storage.stat(key).isPresent()) {
            return List.of(resolve(key));
        }
        String prefix = uriOrPrefix.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        List<SnapshotInfo> out = new ArrayList<>();
        for (StoredObject o : storage.list(prefix)) {
            if (SNAPSHOT_NAME.matcher(o.key()).matches()) {
                out.add(resolve(o.key()));
            }
        }
        out.sort(Comparator.comparing(SnapshotInfo::key));
        return out;
    }

    private static Compression compressionOf(String ext) {
        return Compression.fromExtension(ext);
    }
}
