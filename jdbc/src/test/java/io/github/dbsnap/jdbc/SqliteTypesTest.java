package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Type round trips on a SQLite file. */
class SqliteTypesTest extends TypesRoundTripBase {
    @TempDir
    static Path dir;
    private static TestDb db;

    @Override
    TestDb db() {
        if (db == null) {
            db = TestDb.sqlite(dir);
        }
        return db;
    }

    @Override
    String[] ddl() {
        return TypeSchemas.sqlite();
    }

    @Override
    void fill(TestDb db) throws Exception {
        TypeSchemas.fillSqlite(db);
    }
}
