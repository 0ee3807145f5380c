package io.github.dbsnap.jdbc;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every supported type survives dump and restore into a freshly migrated, empty schema, and counters move. */
abstract class TypesRoundTripBase {

    abstract TestDb db();

    abstract String[] ddl();

    abstract void fill(TestDb db) throws Exception;

    List<String> state() throws Exception {
        List<String> all = new ArrayList<>(db().rows("all_types", "id"));
        all.addAll(db().rows("child", "id"));
        return all;
    }

    @Test
    @DisplayName("every type round-trips exactly into a fresh schema, and new rows get fresh ids")
    void everyTypeRoundTrips() throws Exception {
        db().reset();
        db().exec(ddl());
        fill(db());
        List<String> before = state();
        assertThat(before.get(0)).contains(HexFormat.of().formatHex(allBytes())).contains(TypeSchemas.DECIMAL);
        assertThat(before.get(1)).contains("[]").contains("<null>");
        try (SnapshotService service = SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("db", db().source("batch-size", "2")).build()) {
            SnapshotInfo info = service.create("db");
            db().reset();
            db().exec(ddl());
            service.restore(info.key());
        }
        assertThat(state()).isEqualTo(before);
        db().exec("INSERT INTO all_types (t) VALUES ('fresh')", "INSERT INTO child (parent_id, label) VALUES (2, 'new')");
        try (Connection c = db().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT max(id) FROM all_types), (SELECT max(id) FROM child)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(4);
            assertThat(rs.getLong(2)).isEqualTo(3);
        }
    }

    static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }
}
