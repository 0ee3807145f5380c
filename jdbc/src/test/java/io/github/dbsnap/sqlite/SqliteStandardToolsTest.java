package io.github.dbsnap.sqlite;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator with no dbsnap opens a snapshot with zstd, tar and sqlite3. */
class SqliteStandardToolsTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("zstd -d | tar x yields snapshot.json, the database file and the manifest; the file matches the source")
    void opensWithStandardTools() throws Exception {
        Path live = dir.resolve("main.db");
        SqliteFixture.create(live, 3_000, true);
        MemoryStorageProvider storage = new MemoryStorageProvider();
        SnapshotInfo info;
        try (SnapshotService s = SnapshotService.builder().storage(new NonClosingStorage(storage))
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + live, null,
                        Duration.ofSeconds(5)))).build()) {
            info = s.create("main");
        }
        Path object = dir.resolve("main.tar.zst");
        Files.write(object, storage.bytes(info.key()));
        Path out = Files.createDirectories(dir.resolve("x"));
        sh("zstd -d < '" + object + "' | tar x -C '" + out + "'");
        assertThat(out.resolve("snapshot.json")).content().contains("\"format\" : \"dbsnap/1\"").contains("\"source\" : \"sqlite\"");
        assertThat(SqliteFixture.integrity(out.resolve("main.db"))).isEqualTo("ok");
        assertThat(SqliteFixture.dump(out.resolve("main.db"))).isEqualTo(SqliteFixture.dump(live));
        String sha = sh("sha256sum '" + out.resolve("main.db") + "'").split(" ")[0];
        assertThat(out.resolve("manifest.json")).content().contains(sha);
        assertThat(sh("zstd -dc < '" + object + "' | tar t").lines())
                .containsExactly("snapshot.json", "main.db", "manifest.json");
    }

    private static String sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
