package io.github.dbsnap.testing.exercise;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageKeys;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the {@code flatdir} exercise provider.
 *
 * @param dir    {@code dir}: the one directory that holds every object; required, created when missing
 * @param prefix {@code prefix}: a folder prepended to every key (default none); ends with {@code /}
 */
public record FlatDirStorageConfig(Path dir, String prefix) {
    /** Validates the components and gives a non-empty prefix its trailing {@code /}. */
    public FlatDirStorageConfig {
        Objects.requireNonNull(dir, "dir");
        prefix = StorageKeys.validatePrefix(prefix);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
    }

    static FlatDirStorageConfig from(ProviderConfig c) {
        return new FlatDirStorageConfig(Path.of(c.required("dir")), c.optional("prefix").orElse(""));
    }
}
