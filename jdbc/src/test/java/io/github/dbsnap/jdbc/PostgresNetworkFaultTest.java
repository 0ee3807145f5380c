package io.github.dbsnap.jdbc;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StoredObject;
import io.github.dbsnap.testing.FaultProxy;
import io.github.dbsnap.testing.FaultProxy.Direction;
import io.github.dbsnap.testing.FaultProxy.Kind;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL behind a {@link FaultProxy}, with the driver's socket timeout set low: a dump cut or
 * stalled fails with one {@link DbsnapException} and stores nothing; a restore cut or stalled rolls
 * back its transaction, leaving the live tables exactly as they were; a healed link restores.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresNetworkFaultTest {
    private final TestDb db = TestDb.postgres();
    private FaultProxy proxy;
    private MemoryStorageProvider storage;
    private SnapshotService service;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        db.reset();
        db.exec("CREATE TABLE items (id integer PRIMARY KEY, body text NOT NULL)",
                "INSERT INTO items SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, 6000) g");
        proxy = new FaultProxy(5432);
        url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres&socketTimeout=2&connectTimeout=2";
        storage = new MemoryStorageProvider();
        service = SnapshotService.builder().storage(storage).database("main", new JdbcSourceFactory()
                .create(ProviderConfig.of(Map.of("url", url, "schema", db.name)))).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        proxy.close();
        db.drop();
    }

    private List<String> live() throws Exception {
        return db.rows("items", "id");
    }

    @Test
    @DisplayName("a dump reset or stalled mid-table fails with one error and stores nothing")
    void brokenDumpFails() {
        proxy.fault(Kind.RESET, Direction.DOWNSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(DbsnapException.class);
        proxy.fault(Kind.STALL, Direction.DOWNSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.create("main")).isInstanceOf(DbsnapException.class);
        proxy.heal();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    @DisplayName("a dump reset mid-COPY after parts of the table were written fails with one error, stores nothing and leaves no spool")
    void resetMidCopyWithParts(@TempDir Path spools) throws Exception {
        JdbcSource parted = new JdbcSource(JdbcSourceConfig.from(ProviderConfig.of(Map.of("url", url, "schema", db.name))),
                spools, 256 * 1024);
        try (SnapshotService s = SnapshotService.builder().storage(storage).database("main", parted).build()) {
            SnapshotInfo whole = s.create("main");
            List<StoredObject> stored = storage.list("");
            proxy.fault(Kind.RESET, Direction.DOWNSTREAM, 2L << 20, Integer.MAX_VALUE);
            assertThatThrownBy(() -> s.create("main")).isInstanceOf(DbsnapException.class)
                    .hasMessageContaining("dump of");
            proxy.heal();
            assertThat(storage.list("")).isEqualTo(stored);
            try (var files = Files.list(spools)) {
                assertThat(files).isEmpty();
            }
            db.exec("DELETE FROM items WHERE id % 2 = 0");
            s.restore(whole.key());
            assertThat(live()).hasSize(6000);
        }
    }

    @Test
    @DisplayName("a restore reset or stalled mid-load rolls back: the live tables are exactly as they were")
    void brokenRestoreLeavesLiveData() throws Exception {
        SnapshotInfo s = service.create("main");
        List<String> snapshot = live();
        db.exec("DELETE FROM items WHERE id % 2 = 0", "UPDATE items SET body = 'changed' WHERE id = 1");
        List<String> changed = live();
        proxy.fault(Kind.RESET, Direction.UPSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        assertThat(live()).isEqualTo(changed);
        proxy.fault(Kind.STALL, Direction.UPSTREAM, 1L << 20, Integer.MAX_VALUE);
        assertThatThrownBy(() -> service.restore(s.key())).isInstanceOf(DbsnapException.class);
        assertThat(live()).isEqualTo(changed);
        // the stalled session still holds its locks until the server sees its connection die
        proxy.heal().resetAll();
        service.restore(s.key());
        assertThat(live()).isEqualTo(snapshot);
    }
}
