package io.github.dbsnap.storage.local;

import io.github.dbsnap.spi.ProviderConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the {@code local} provider.
 *
 * @param dir the root directory (setting {@code dir}, environment {@code SNAPSHOTS_STORAGE_LOCAL_DIR};
 *            default {@code ./data/snapshots}); created when missing
 */
public record LocalStorageConfig(Path dir) {
    /** Default root directory. */
    public static final String DEFAULT_DIR = "./data/snapshots";

    /** Validates the components. */
    public LocalStorageConfig {
        Objects.requireNonNull(dir, "dir");
    }

    static LocalStorageConfig from(ProviderConfig c) {
        return new LocalStorageConfig(Path.of(c.optional("dir").or(() -> c.optional("path")).orElse(DEFAULT_DIR)));
    }
}
