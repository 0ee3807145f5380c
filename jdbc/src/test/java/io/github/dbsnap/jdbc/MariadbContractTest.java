package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.AfterAll;

/** The source contract against the MariaDB server on this machine. */
class MariadbContractTest extends JdbcContractBase {
    private static final TestDb DB = TestDb.mariadb();

    @AfterAll
    static void dropDatabase() throws Exception {
        DB.drop();
    }

    @Override
    TestDb db() {
        return DB;
    }

    @Override
    String[] ddl() {
        return new String[] {
            "CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, name text NOT NULL, email varchar(200))",
            "CREATE TABLE notes (id bigint AUTO_INCREMENT PRIMARY KEY, user_id int NOT NULL, body longtext, "
                    + "FOREIGN KEY (user_id) REFERENCES users(id))"};
    }

    @Override
    String unreachableUrl() {
        return "jdbc:mariadb://127.0.0.1:1/test?user=root&connectTimeout=2000";
    }
}
