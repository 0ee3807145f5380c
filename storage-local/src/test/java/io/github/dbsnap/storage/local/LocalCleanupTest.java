package io.github.dbsnap.storage.local;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Temp files of writes interrupted by a crash: never listed, removed by cleanup once old enough. */
class LocalCleanupTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("cleanup removes old temp files of interrupted writes, keeps young ones and never touches snapshots")
    void cleanupRemovesOldTempFiles() throws Exception {
        try (StorageProvider p = new LocalStorageProviderFactory().create(ProviderConfig.of(Map.of("dir", dir.toString())))) {
            p.write("a/main.tar.zst", new ByteArrayInputStream(new byte[] {1, 2, 3}));
            Path old = Files.writeString(dir.resolve("a/.main.tar.zst" + LocalStorageProvider.TEMP_MARKER + "1"), "partial");
            Path young = Files.writeString(dir.resolve("a/.main.tar.zst" + LocalStorageProvider.TEMP_MARKER + "2"), "partial");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            assertThat(p.list("")).extracting(o -> o.key()).containsExactly("a/main.tar.zst");

            assertThat(p.cleanup(Duration.ofHours(1))).isEqualTo(1);
            assertThat(old).doesNotExist();
            assertThat(young).exists();
            assertThat(p.cleanup(Duration.ZERO)).isEqualTo(1);
            assertThat(young).doesNotExist();
            assertThat(p.read("a/main.tar.zst").readAllBytes()).containsExactly(1, 2, 3);
        }
    }
}
