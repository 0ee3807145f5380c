package io.github.dbsnap;

import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;

import java.net.URI;
import java.net.URISyntaxException;

/** Turns a restore URI into a key of the configured storage. */
final class SnapshotUris {
    private SnapshotUris() {
    }

    static String toKey(StorageProvider storage, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidStorageKeyException("empty snapshot URI");
        }
        String u = uri.strip();
        if (u.matches("^[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
            URI parsed;
            String given = u;
            try {
                parsed = new URI(u);
            } catch (URISyntaxException e) {
                throw new InvalidStorageKeyException("malformed snapshot URI '" + u + "': " + e.getReason());
            }
            return storage.keyOf(parsed).orElseThrow(() -> new InvalidStorageKeyException("snapshot URI '" + given
                    + "' is not in the configured storage " + storage.location()));
        }
        while (u.startsWith("/")) {
            u = u.substring(1);
        }
        return StorageKeys.validate(u);
    }
}
