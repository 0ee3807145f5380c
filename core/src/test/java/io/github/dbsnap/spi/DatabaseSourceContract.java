package io.github.dbsnap.spi;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.DatabaseSources;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DatabaseSource} must do, driven through {@link SnapshotService}. A module extends
 * this class against the real database (a SQLite file, a redis-server it started, the PostgreSQL on
 * the machine), names its {@link #factory()} and the {@link #sourceSettings()} of a source on that
 * database; the contract checks that {@link ServiceLoader} finds the factory. A module may skip a case
 * only by overriding it with a stated reason. See {@code docs/extending.md}.
 */
public abstract class DatabaseSourceContract {
    protected MemoryStorageProvider storage;
    protected SnapshotService service;

    /** Fills the live database with representative data (called before every test). */
    protected abstract void populate() throws Exception;

    /** @return the factory under test; it must also be registered for {@link ServiceLoader} */
    protected abstract DatabaseSourceFactory factory();

    /** @return the settings (as the factory receives them, e.g. {@code url}) of a source on the live database */
    protected abstract Map<String, String> sourceSettings() throws Exception;

    /** @return a source on the live database; default: made by {@link #factory()} from {@link #sourceSettings()} */
    protected DatabaseSource newSource() throws Exception {
        return factory().create(ProviderConfig.of(sourceSettings()));
    }

    /** @return a comparable description of all live data (a dump, a digest) */
    protected abstract Object liveState() throws Exception;

    /** Changes the live data so that {@link #liveState()} differs. */
    protected abstract void mutate() throws Exception;

    /** @return a source configured for a database that cannot be reached */
    protected abstract DatabaseSource unreachableSource() throws Exception;

    @BeforeEach
    void setUpService() throws Exception {
        populate();
        storage = new MemoryStorageProvider();
        service = SnapshotService.builder().storage(storage).database("db", newSource()).build();
    }

    @AfterEach
    void closeService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @DisplayName("ServiceLoader finds the factory by its name and its source takes a snapshot")
    protected void discoveredByServiceLoader() throws Exception {
        String name = factory().name();
        assertThat(name).matches("[a-z0-9-]+");
        assertThat(DatabaseSources.available()).contains(name);
        assertThat(ServiceLoader.load(DatabaseSourceFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(factory().getClass());
        try (SnapshotService found = SnapshotService.builder().storage(storage)
                .database("found", DatabaseSources.create(name, ProviderConfig.of(sourceSettings()))).build()) {
            assertThat(found.create("found").size()).isPositive();
        }
    }

    @Test
    @DisplayName("a dump produces a non-empty snapshot")
    protected void dumpIsNonEmpty() {
        SnapshotInfo info = service.create("db");
        assertThat(info.size()).isPositive();
        assertThat(service.verify(info.key()).entries()).isNotEmpty();
    }

    @Test
    @DisplayName("dump, change, restore gives back exactly the dumped data")
    protected void dumpRestoreRoundTrip() throws Exception {
        Object before = liveState();
        SnapshotInfo info = service.create("db");
        mutate();
        assertThat(liveState()).isNotEqualTo(before);
        RestoreResult r = service.restore(info.key());
        assertThat(r.database()).isEqualTo("db");
        assertThat(liveState()).isEqualTo(before);
    }

    @Test
    @DisplayName("a truncated snapshot is refused and the live data stays as it was")
    protected void truncatedSnapshotRefused() throws Exception {
        SnapshotInfo info = service.create("db");
        mutate();
        Object live = liveState();
        byte[] full = storage.bytes(info.key());
        for (int cut : new int[] {full.length - 1, full.length / 2, 100, 1}) {
            String bad = "bad/cut-" + cut + "/db.tar.zst";
            storage.put(bad, Arrays.copyOf(full, cut));
            assertThatThrownBy(() -> service.restore("db", bad)).as("cut at %d", cut).isInstanceOf(DbsnapException.class);
            assertThat(liveState()).as("live data after cut at %d", cut).isEqualTo(live);
        }
    }

    @Test
    @DisplayName("a snapshot with one flipped byte is refused and the live data stays as it was")
    protected void flippedByteRefused() throws Exception {
        SnapshotInfo info = service.create("db");
        mutate();
        Object live = liveState();
        byte[] full = storage.bytes(info.key());
        for (int i = 1; i <= 6; i++) {
            int pos = (int) ((long) full.length * i / 7);
            byte[] bad = full.clone();
            bad[pos] ^= 0x01;
            String key = "bad/flip-" + pos + "/db.tar.zst";
            storage.put(key, bad);
            assertThatThrownBy(() -> service.restore("db", key)).as("flip at %d", pos).isInstanceOf(DbsnapException.class);
            assertThat(liveState()).as("live data after flip at %d", pos).isEqualTo(live);
        }
    }

    @Test
    @DisplayName("an unreachable database fails with DatabaseSourceException")
    protected void unreachableDatabase() throws Exception {
        try (SnapshotService broken = SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("db", unreachableSource()).build()) {
            assertThatThrownBy(() -> broken.create("db")).isInstanceOf(DatabaseSourceException.class);
        }
    }
}
