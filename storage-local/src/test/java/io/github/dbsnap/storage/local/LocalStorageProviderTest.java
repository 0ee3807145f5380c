package io.github.dbsnap.storage.local;

import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderContract;
import io.github.dbsnap.spi.StorageProviderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStorageProviderTest extends StorageProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StorageProviderFactory factory() {
        return new LocalStorageProviderFactory();
    }

    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("dir", dir.resolve("root").toString());
    }

    /** A prefix of the local provider is a subdirectory of its root. */
    @Override
    protected Map<String, String> prefixSettings(String prefix) {
        return Map.of("dir", dir.resolve("root").resolve(prefix).toString());
    }

    /** Listing a directory has no pages. */
    @Override
    protected Map<String, String> smallPageSettings() {
        return Map.of();
    }

    /** Writes stage in hidden temp files beside the target; none may remain anywhere under the test directory. */
    @Override
    protected void assertNoLeftovers() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains(LocalStorageProvider.TEMP_MARKER))).isEmpty();
        }
    }

    @Override
    protected void createDirectoryMarker(String name) throws Exception {
        Files.createDirectories(dir.resolve("root").resolve(name));
    }

    @Override
    protected boolean plantLeftover(String key) throws Exception {
        Path target = dir.resolve("root").resolve(key);
        Files.createDirectories(target.getParent());
        Files.writeString(target.resolveSibling("." + target.getFileName() + LocalStorageProvider.TEMP_MARKER + "1"), "partial");
        return true;
    }

    @Test
    @DisplayName("a key that passes through a symbolic link out of the root is refused")
    void symlinkEscapeRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("root").resolve("link"), outside);
        assertThatThrownBy(() -> provider.write("link/main.tar.zst", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOf(InvalidStorageKeyException.class).hasMessageContaining("symbolic link");
        assertThat(outside).isEmptyDirectory();
        Files.writeString(outside.resolve("main.tar.zst"), "secret");
        assertThatThrownBy(() -> provider.read("link/main.tar.zst")).isInstanceOf(InvalidStorageKeyException.class);
    }

    @Test
    @DisplayName("a file URI outside the root is refused")
    void fileUriOutsideRootRefused() {
        assertThatThrownBy(() -> provider.keyOf(dir.resolve("elsewhere/main.tar.zst").toUri()))
                .isInstanceOf(InvalidStorageKeyException.class).hasMessageContaining("outside the storage root");
    }

    @Test
    @DisplayName("deleting the last object of a directory removes the empty directories")
    void deleteRemovesEmptyDirectories() {
        provider.write("a/b/c/main.tar.zst", new ByteArrayInputStream(new byte[] {1}));
        provider.delete("a/b/c/main.tar.zst");
        assertThat(dir.resolve("root")).isEmptyDirectory();
    }
}
