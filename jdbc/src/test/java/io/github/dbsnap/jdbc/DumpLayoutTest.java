package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The entries of a dump: schema.json first, then tables parents first, in the documented encoding. */
class DumpLayoutTest {
    private static final TestDb PG = TestDb.postgres();

    @AfterAll
    static void drop() throws Exception {
        PG.drop();
    }

    @Test
    @DisplayName("schema.json comes first, tables follow in foreign-key order, values in canonical text")
    void layout() throws Exception {
        PG.reset();
        PG.exec("CREATE TABLE a_child (id int PRIMARY KEY, parent text REFERENCES z_parent(name))".replace(
                "CREATE TABLE a_child", "CREATE TABLE z_parent (name text PRIMARY KEY); CREATE TABLE a_child"),
                "CREATE TABLE t (id int PRIMARY KEY, flag boolean, at timestamptz, b bytea, s text, n numeric)",
                "INSERT INTO z_parent VALUES ('p')", "INSERT INTO a_child VALUES (1, 'p')",
                "INSERT INTO t VALUES (1, true, '2024-05-01 12:00:00+02', '\\x00ff', '', 1.50), (2, NULL, NULL, NULL, NULL, NULL)");
        CapturingEntryWriter out = new CapturingEntryWriter();
        try (var source = PG.source()) {
            var result = source.dump(out);
            assertThat(result.counts()).containsEntry("rows.t", 2L).containsEntry("tables", 3L);
        }
        assertThat(out.entries.keySet()).containsExactly("schema.json", "tables/t.csv", "tables/z_parent.csv",
                "tables/a_child.csv");
        assertThat(out.text("tables/t.csv")).isEqualTo(
                "id,flag,at,b,s,n\r\n1,true,2024-05-01T10:00:00Z,00ff,\"\",1.50\r\n2,,,,,\r\n");
        SchemaDoc doc = SchemaJson.read(new ByteArrayInputStream(out.entries.get("schema.json")));
        assertThat(doc.format()).isEqualTo(SchemaDoc.FORMAT);
        TableDef child = doc.table("a_child").orElseThrow();
        assertThat(child.primaryKey()).containsExactly("id");
        assertThat(child.foreignKeys()).singleElement().satisfies(fk -> {
            assertThat(fk.referencedTable()).isEqualTo("z_parent");
            assertThat(fk.columns()).containsExactly("parent");
        });
        assertThat(doc.table("t").orElseThrow().column("at").orElseThrow().kind()).isEqualTo(ValueKind.TIMESTAMPTZ);
    }

    @Test
    @DisplayName("a table longer than a part is dumped as numbered parts that restore like the single entry of earlier versions")
    void partsAndSingleEntryLayoutsRestore() throws Exception {
        PG.reset();
        PG.exec("CREATE TABLE t (id int PRIMARY KEY, s text)", "CREATE TABLE small (id int PRIMARY KEY)",
                "INSERT INTO t SELECT g, 'row ' || g || E' ünïcode\n' FROM generate_series(1, 300) g",
                "INSERT INTO small VALUES (1)");
        List<String> rows = PG.rows("t", "id");
        CapturingEntryWriter whole = new CapturingEntryWriter();
        CapturingEntryWriter parted = new CapturingEntryWriter();
        JdbcSourceConfig config = JdbcSourceConfig.from(ProviderConfig.of(PG.settings()));
        try (var one = new JdbcSource(config); var many = new JdbcSource(config, PartWriter.defaultDir(), 1000)) {
            one.dump(whole);
            many.dump(parted);
            // the layout every snapshot had before parts: one entry per table
            assertThat(whole.entries.keySet()).containsExactlyInAnyOrder("schema.json", "tables/small.csv", "tables/t.csv");
            assertThat(parted.entries.keySet()).contains("tables/small.csv", "tables/t.csv.part-000001",
                    "tables/t.csv.part-000002").doesNotContain("tables/t.csv");
            assertThat(parted.logical("tables/t.csv")).isEqualTo(whole.text("tables/t.csv"));
            for (CapturingEntryWriter dump : List.of(whole, parted)) {
                PG.exec("DELETE FROM t WHERE id > 5", "UPDATE t SET s = 'changed'");
                many.stage(new EntryListReader(dump, Map.of(), false)).commit();
                assertThat(PG.rows("t", "id")).isEqualTo(rows);
            }
        }
    }
}
