package io.github.dbsnap.archive;

import io.github.dbsnap.Compression;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every byte of a snapshot is covered: no single flip anywhere is accepted, and standard tools still open it. */
class IntegrityTrailerTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    @DisplayName("every single-bit flip anywhere in a snapshot is refused")
    void everyFlipRefused(Compression compression) {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        MapSource live = new MapSource(Map.of("a.bin", "hello hello hello snapshot".getBytes(StandardCharsets.UTF_8)));
        try (SnapshotService s = SnapshotService.builder().storage(storage).database("db", live).compression(compression).build()) {
            SnapshotInfo info = s.create("db");
            byte[] full = storage.bytes(info.key());
            String key = "x/db.tar." + compression.extension();
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < full.length; i++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] bad = full.clone();
                    bad[i] ^= (byte) bit;
                    storage.put(key, bad);
                    try {
                        s.verify(key);
                        accepted.add(i);
                    } catch (DbsnapException expected) {
                        // refused, as it must be
                    }
                }
            }
            assertThat(accepted).as("accepted flips in a %d-byte object", full.length).isEmpty();
            storage.put(key, full);
            assertThat(s.verify(key).entries()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    @DisplayName("zstd and gzip command-line tools decompress a snapshot, trailer included, without complaint")
    void standardToolsIgnoreTrailer(Compression compression) throws Exception {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        MapSource live = new MapSource(Map.of("a.bin", "payload".getBytes(StandardCharsets.UTF_8)));
        try (SnapshotService s = SnapshotService.builder().storage(storage).database("db", live).compression(compression).build()) {
            SnapshotInfo info = s.create("db");
            Path file = dir.resolve("db.tar." + compression.extension());
            Files.write(file, storage.bytes(info.key()));
            String tool = compression == Compression.ZSTD ? "zstd -dc" : "gzip -dc";
            Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + tool + " < '" + file + "' | tar t")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out.lines()).containsExactly("snapshot.json", "a.bin", "manifest.json");
        }
    }
}
