package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.AfterAll;

/** Type round trips on the PostgreSQL server of this machine. */
class PostgresTypesTest extends TypesRoundTripBase {
    private static final TestDb DB = TestDb.postgres();

    @AfterAll
    static void drop() throws Exception {
        DB.drop();
    }

    @Override
    TestDb db() {
        return DB;
    }

    @Override
    String[] ddl() {
        return TypeSchemas.postgres();
    }

    @Override
    void fill(TestDb db) throws Exception {
        TypeSchemas.fillPostgres(db);
    }
}
