package io.github.dbsnap;

import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.spi.StorageProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small text object {@code <key>.copy} that {@link SnapshotService#copy} stores beside each copy, after it and
 * its signature: the copy's SHA-256 and size and the SHA-256 of the source it was made from, so that a rerun knows
 * what the target holds without reading it.
 *
 * <pre>
 * dbsnap-copy/1
 * sha256: 64 lowercase hex digits of the copy
 * size: the copy's size in bytes
 * source-sha256: 64 lowercase hex digits of the source object
 * </pre>
 *
 * @param sha256       the copy's SHA-256
 * @param size         the copy's size
 * @param sourceSha256 the source's SHA-256
 */
record CopyMarker(String sha256, long size, String sourceSha256) {
    static final String SUFFIX = ".copy";
    private static final String FORMAT = "dbsnap-copy/1";

    static String key(String key) {
        return key + SUFFIX;
    }

    static void write(StorageProvider target, String key, String sha256, long size, String sourceSha256) {
        String text = FORMAT + "\nsha256: " + sha256 + "\nsize: " + size + "\nsource-sha256: " + sourceSha256 + "\n";
        target.write(key(key), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the marker of a copy, or empty when there is none or it is malformed */
    static Optional<CopyMarker> read(StorageProvider target, String key) {
        return fields(target, key(key)).flatMap(f -> {
            try {
                return Optional.of(new CopyMarker(f.get("sha256"), Long.parseLong(f.get("size")), f.get("source-sha256")))
                        .filter(m -> m.sha256() != null && m.sourceSha256() != null);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** @return one {@code name: value} field of a small text object (a marker or signature sidecar), if present */
    static Optional<String> field(StorageProvider storage, String key, String name) {
        return fields(storage, key).map(f -> f.get(name)).filter(v -> v.matches("[0-9a-f]{64}|[0-9]{1,19}"));
    }

    private static Optional<Map<String, String>> fields(StorageProvider storage, String key) {
        if (storage.stat(key).isEmpty()) {
            return Optional.empty();
        }
        String text;
        try (InputStream in = storage.read(key)) {
            text = new String(in.readNBytes(SnapshotSigning.MAX_SIDECAR_BYTES), StandardCharsets.UTF_8);
        } catch (SnapshotNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading '" + key + "' in " + storage.location() + " failed: " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        return Optional.of(out);
    }
}
