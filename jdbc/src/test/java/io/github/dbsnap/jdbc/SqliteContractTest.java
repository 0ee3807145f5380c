package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The source contract for the table-level source on SQLite files. */
class SqliteContractTest extends JdbcContractBase {
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
        return new String[] {
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT)",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), body TEXT)"};
    }

    @Override
    String unreachableUrl() {
        return "jdbc:sqlite:" + dir.resolve("no/such/dir/x.db");
    }
}
