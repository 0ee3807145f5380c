package io.github.dbsnap;

import io.github.dbsnap.archive.Compressors;
import io.github.dbsnap.archive.Formats;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.internal.CountingInputStream;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where point-in-time recovery objects live and how they are encoded: per database and generation,
 * {@code <root><database>/pitr/<generation>/generation.json} (which snapshot the generation starts
 * from) and {@code <index>-<firstFrame>-<time>.wal.zst[.age]} segments with the snapshots' layers
 * (zstd with its integrity trailer, then optional age).
 */
final class PitrStore {
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SEGMENT = Pattern.compile("(\\d{10})-(\\d{10})-(\\d{8}T\\d{6}\\.\\d{3}Z)\\.wal\\.zst(\\.age)?");
    static final String MARKER = "generation.json";
    private static final int LEVEL = 3;

    private final StorageProvider storage;
    private final String root;
    private final AgeEncryption encryption;
    private final SnapshotOpener opener;

    PitrStore(StorageProvider storage, String root, AgeEncryption encryption, SnapshotOpener opener) {
        this.storage = storage;
        this.root = root;
        this.encryption = encryption;
        this.opener = opener;
    }

    /** One stored segment. */
    record Segment(String key, String generation, long index, long firstFrame, Instant time, long size) {
    }

    /** One generation: its marker and its segments in index order. */
    record Generation(String id, String snapshotKey, Instant restorableFrom, String reason, List<Segment> segments) {
    }

    String databasePrefix(String database) {
        return root + database + "/pitr/";
    }

    String segmentName(long index, long firstFrame, Instant time) {
        return String.format("%010d-%010d-%s.wal.zst%s", index, firstFrame, COMPACT.format(time), encryption != null ? ".age" : "");
    }

    String key(String database, String generation, String name) {
        return databasePrefix(database) + generation + "/" + name;
    }

    /** Encodes a raw segment payload into {@code target}: zstd with the integrity trailer, then age when configured. */
    void encode(Path payload, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target)) {
            OutputStream out = encryption != null ? encryption.encrypt(file) : file;
            try (OutputStream z = Compressors.compress(out, Compression.ZSTD, LEVEL, 0)) {
                Files.copy(payload, z);
            }
        }
    }

    void writeMarker(String database, String generation, String snapshotKey, Instant restorableFrom, String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "dbsnap-pitr/1");
        m.put("database", database);
        m.put("snapshot", snapshotKey);
        m.put("restorableFrom", restorableFrom.toString());
        m.put("reason", reason);
        try {
            storage.write(key(database, generation, MARKER), new ByteArrayInputStream(Formats.JSON.writeValueAsBytes(m)));
        } catch (IOException e) {
            throw new StorageException("writing the marker of generation '" + generation + "' failed: " + e.getMessage(), e);
        }
    }

    /** @return every generation of a database with a readable marker, oldest first */
    List<Generation> generations(String database) {
        String prefix = databasePrefix(database);
        Map<String, List<Segment>> segments = new TreeMap<>();
        Map<String, Boolean> markers = new TreeMap<>();
        for (StoredObject o : storage.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String gen = rest.substring(0, slash);
            String name = rest.substring(slash + 1);
            Matcher m = SEGMENT.matcher(name);
            if (name.equals(MARKER)) {
                markers.put(gen, true);
            } else if (m.matches()) {
                segments.computeIfAbsent(gen, g -> new ArrayList<>()).add(new Segment(o.key(), gen, Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)), Instant.from(COMPACT.parse(m.group(3))), o.size()));
            }
        }
        List<Generation> out = new ArrayList<>();
        for (String gen : markers.keySet()) {
            Map<?, ?> marker;
            try (InputStream in = storage.read(key(database, gen, MARKER))) {
                marker = Formats.JSON.readValue(in, Map.class);
            } catch (IOException | RuntimeException e) {
                continue; // a generation whose marker cannot be read cannot be restored
            }
            List<Segment> segs = new ArrayList<>(segments.getOrDefault(gen, List.of()));
            segs.sort(Comparator.comparingLong(Segment::index));
            out.add(new Generation(gen, String.valueOf(marker.get("snapshot")),
                    Instant.parse(String.valueOf(marker.get("restorableFrom"))), String.valueOf(marker.get("reason")), List.copyOf(segs)));
        }
        out.sort(Comparator.comparing(Generation::restorableFrom));
        return out;
    }

    /** Opens a segment's payload as a snapshot is opened: age (by its magic, same refusals) → zstd, bomb-guarded. */
    InputStream open(Segment s) throws IOException {
        CountingInputStream download = new CountingInputStream(storage.read(s.key()), n -> { });
        try {
            BufferedInputStream buffered = new BufferedInputStream(download, 64 * 1024);
            InputStream plain = opener.checkAge(s.key(), buffered)
                    ? new BufferedInputStream(opener.encryption().decrypt(buffered), 64 * 1024) : buffered;
            return opener.decompressed(s.key(), plain, download::count);
        } catch (IOException | RuntimeException e) {
            download.close();
            throw e;
        }
    }

    StorageProvider storage() {
        return storage;
    }

    /**
     * Deletes the generations that start from {@code snapshotKey}: their segments, then their marker.
     *
     * @return the ids of the generations removed
     */
    List<String> deleteGenerationsOf(String database, String snapshotKey) {
        List<String> removed = new ArrayList<>();
        for (Generation g : generations(database)) {
            if (g.snapshotKey().equals(snapshotKey)) {
                g.segments().forEach(seg -> storage.delete(seg.key()));
                storage.delete(key(database, g.id(), MARKER));
                removed.add(g.id());
            }
        }
        return removed;
    }
}
