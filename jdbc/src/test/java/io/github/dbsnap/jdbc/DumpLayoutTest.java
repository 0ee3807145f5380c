package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

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
}
