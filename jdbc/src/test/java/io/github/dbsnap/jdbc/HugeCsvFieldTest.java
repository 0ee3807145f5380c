package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV rows have a limit (max-row-size): a hostile field is refused with a clear error, never an OutOfMemoryError. */
class HugeCsvFieldTest {
    private final TestDb db = TestDb.postgres();
    @TempDir
    Path dir;

    @BeforeEach
    void create() throws Exception {
        db.reset();
        db.exec("CREATE TABLE " + db.name + ".files (id int PRIMARY KEY, data bytea)",
                "INSERT INTO " + db.name + ".files VALUES (7, 'live')");
    }

    @AfterEach
    void drop() throws Exception {
        db.drop();
    }

    @Test
    @DisplayName("a 600 MB CSV field restored in a 64 MiB heap is refused naming table, row and column, and nothing changes")
    void hugeFieldInSmallHeap() throws Exception {
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), HugeCsvFieldCheck.class.getName(),
                TestDb.PG_URL, db.name, Long.toString(600L * 1000 * 1000))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("OOM")
                .contains("REFUSED table 'files'", "row 1, column 'data'", "longer than max-row-size");
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(db.rows(db.name + ".files", "id")).containsExactly("[7]|0x6c697665");
    }

    @Test
    @DisplayName("a dump refuses a row longer than max-row-size instead of storing a snapshot that restore would refuse")
    void dumpRefusesLongRow() throws Exception {
        db.exec("INSERT INTO " + db.name + ".files VALUES (8, decode(repeat('ab', 2000), 'hex'))");
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("main", db.source("max-row-size", "2KiB")).build()) {
            assertThatThrownBy(() -> s.create("main")).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("table 'files', row 2, column 'data'")
                    .hasMessageContaining("max-row-size (2048 characters");
            assertThat(s.list("main")).isEmpty();
        }
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("main", db.source("max-row-size", "8KiB")).build()) {
            String key = s.create("main").key();
            s.restore("main", key);
            assertThat(db.count(db.name + ".files")).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("max-row-size rejects values below 1 KiB and non-sizes, listing both with the other bad settings")
    void badSetting() {
        assertThatThrownBy(() -> db.source("max-row-size", "12", "batch-size", "0"))
                .hasMessageContaining("max-row-size").hasMessageContaining("batch-size");
        assertThat(List.of(JdbcSourceConfig.defaultMaxRowSize())).allMatch(v -> v >= 1 << 20 && v <= 64 << 20);
    }
}
