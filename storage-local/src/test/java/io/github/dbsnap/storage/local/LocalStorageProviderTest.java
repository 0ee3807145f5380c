package io.github.dbsnap.storage.local;

import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderContract;
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
    protected StorageProvider newProvider() {
        return new LocalStorageProviderFactory().create(ProviderConfig.of(Map.of("dir", dir.resolve("root").toString())));
    }

    @Override
    protected void assertNoLeftovers() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains(LocalStorageProvider.TEMP_MARKER)))
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("ServiceLoader finds the local provider by name")
    void serviceLoaderFindsFactory() {
        try (StorageProvider p = StorageProviders.create("local", ProviderConfig.of(Map.of("dir", dir.toString())))) {
            assertThat(p.name()).isEqualTo("local");
        }
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
