package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.AfterAll;

/** Type round trips on the Mariadb server of this machine. */
class MariadbTypesTest extends TypesRoundTripBase {
    private static final TestDb DB = TestDb.mariadb();

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
        return TypeSchemas.mariadb();
    }

    @Override
    void fill(TestDb db) throws Exception {
        TypeSchemas.fillMariadb(db);
    }
}
