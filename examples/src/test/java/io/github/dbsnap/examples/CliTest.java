package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as an operator uses it: exit codes, one clear line on errors, live data never harmed. */
class CliTest {
    @TempDir
    Path dir;
    Path db;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 500);
        env = CliRun.localEnv(db, dir.resolve("snaps"));
    }

    Result run(String... args) {
        return CliRun.cli(env, args);
    }

    private String createOne() {
        Result r = run("create", "--database", "main");
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().strip();
    }

    @Test
    @DisplayName("restore --at latest without a point-in-time log says how to enable one, in one line, and changes nothing")
    void restoreAtWithoutLogSaysHowToEnableIt() throws Exception {
        createOne();
        byte[] before = Files.readAllBytes(db);
        Result r = run("restore", "--at", "latest");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).contains("no point-in-time log of 'main'").contains("SNAPSHOTS_MAIN_PITR=1")
                .doesNotContain("+1000000000").doesNotContain("\n");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    @DisplayName("create prints the snapshot URI, list shows it, verify and restore succeed")
    void happyPath() throws Exception {
        String uri = createOne();
        assertThat(uri).startsWith("file:///").endsWith("/main.tar.zst");
        Result list = run("list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(uri).contains("\"database\" : \"main\"");
        assertThat(run("verify", uri).out()).startsWith("ok ");
        byte[] before = Files.readAllBytes(db);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DELETE FROM audit");
        }
        Result restore = run("restore", uri);
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM audit")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
        }
        assertThat(before).isNotEmpty();
    }

    @Test
    @DisplayName("create --json prints the snapshot as JSON")
    void createJson() {
        Result r = run("create", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"uri\"").contains("\"size\"").contains("\"encrypted\" : false");
    }

    @Test
    @DisplayName("configuration errors exit 2 with one line naming the problem")
    void configurationErrorsExitTwo() {
        env.put("SNAPSHOTS_STORAGE_PROVIDER", "ftp");
        Result r = run("create");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("dbsnap: unknown storage provider 'ftp'").hasLineCount(1);

        env.put("SNAPSHOTS_STORAGE_PROVIDER", "local");
        env.put("SNAPSHOTS_DB_PREFIX", "x/${nope}");
        r = run("create");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("${nope}").hasLineCount(1);

        env.remove("SNAPSHOTS_DB_PREFIX");
        r = run("restore", "../../etc/main.tar.zst");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("escapes the storage root").hasLineCount(1);

        r = run("create", "--bogus");
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    @DisplayName("a missing snapshot, a missing database file and a corrupt snapshot exit 1 and leave the database as it was")
    void operationFailuresExitOne() throws Exception {
        String uri = createOne();
        byte[] live = Files.readAllBytes(db);

        Result missing = run("restore", "/altcha-sentinel-backups/db/nope/main.tar.zst");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("not found").hasLineCount(1);

        Path file = Path.of(java.net.URI.create(uri));
        byte[] snapshot = Files.readAllBytes(file);
        Path truncated = file.resolveSibling("../truncated/main.tar.zst").normalize();
        Files.createDirectories(truncated.getParent());
        Files.write(truncated, java.util.Arrays.copyOf(snapshot, snapshot.length / 2));
        Result trunc = run("restore", truncated.toUri().toString());
        assertThat(trunc.code()).isEqualTo(1);
        assertThat(trunc.err()).hasLineCount(1);

        Path flipped = file.resolveSibling("../flipped/main.tar.zst").normalize();
        Files.createDirectories(flipped.getParent());
        byte[] bad = snapshot.clone();
        bad[bad.length / 2] ^= 0x40;
        Files.write(flipped, bad);
        Result flip = run("restore", flipped.toUri().toString());
        assertThat(flip.code()).isEqualTo(1);
        assertThat(flip.err()).hasLineCount(1);
        assertThat(run("verify", flipped.toUri().toString()).code()).isEqualTo(1);

        assertThat(Files.readAllBytes(db)).isEqualTo(live);
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("dbsnap-"));
        }

        env.put("SNAPSHOTS_MAIN_URL", "jdbc:sqlite:" + dir.resolve("nope/none.db"));
        Result noDb = run("create");
        assertThat(noDb.code()).isEqualTo(1);
        assertThat(noDb.err()).contains("does not exist").hasLineCount(1);
    }

    @Test
    @DisplayName("the demo runs start to finish")
    void demo() {
        Result r = run("demo", "--dir", dir.resolve("demo").toString(), "--rows", "300");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1. created").contains("4. restored").contains("audit=300").contains("zstd -d");
    }

    @Test
    @DisplayName("schedule exits 2 at once on an invalid cron expression, naming the variable")
    void scheduleRejectsBadCron() {
        env.put("SNAPSHOTS_CRON_SCHEDULE", "61 * * * *");
        Result r = run("schedule");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("SNAPSHOTS_CRON_SCHEDULE").hasLineCount(1);
        env.remove("SNAPSHOTS_CRON_SCHEDULE");
        assertThat(run("schedule").code()).isEqualTo(2);
    }

    @Test
    @DisplayName("prune --dry-run shows what would go and deletes nothing; prune then deletes it, never the newest")
    void prune() {
        createOne();
        createOne();
        String newest = createOne();
        Result dry = run("prune", "--keep-last", "1", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would delete 2");
        assertThat(run("list").out().lines()).hasSize(3);
        Result real = run("prune", "--keep-last", "1");
        assertThat(real.out()).contains("deleted 2");
        assertThat(run("list").out().lines()).hasSize(1).allMatch(l -> l.contains(newest));
        assertThat(run("prune").code()).isEqualTo(2);
    }
}
