package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceContract;
import io.github.dbsnap.spi.DatabaseSourceFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The source contract for the {@code jdbc} source on one backend: two tables joined by a foreign key,
 * with NULLs, empty strings, quotes, line breaks and bytes.
 */
abstract class JdbcContractBase extends DatabaseSourceContract {

    /** @return the database under test */
    abstract TestDb db();

    /** @return DDL creating {@code users(id, name, email)} and {@code notes(id, user_id → users, body, data)} */
    abstract String[] ddl();

    /** @return a source on a port where nothing listens */
    abstract String unreachableUrl();

    @Override
    protected void populate() throws Exception {
        db().reset();
        db().exec(ddl());
        db().exec("INSERT INTO users (id, name, email) VALUES (1, 'Ann', 'ann@example.com')",
                "INSERT INTO users (id, name, email) VALUES (2, 'Bob \"the\" builder, jr', NULL)",
                "INSERT INTO users (id, name, email) VALUES (3, '', 'empty-name@example.com')",
                "INSERT INTO notes (id, user_id, body) VALUES (1, 1, 'line one\nline two\r\nline three')",
                "INSERT INTO notes (id, user_id, body) VALUES (2, 1, NULL)",
                "INSERT INTO notes (id, user_id, body) VALUES (3, 2, 'Grüße, 日本語 🎉')");
    }

    @Override
    protected DatabaseSourceFactory factory() {
        return new JdbcSourceFactory();
    }

    @Override
    protected Map<String, String> sourceSettings() {
        return db().settings();
    }

    @Override
    protected Object liveState() throws Exception {
        List<String> all = new ArrayList<>();
        all.addAll(db().rows("users", "id"));
        all.addAll(db().rows("notes", "id"));
        return all;
    }

    @Override
    protected void mutate() throws Exception {
        db().exec("DELETE FROM notes WHERE id = 3", "UPDATE users SET email = 'changed' WHERE id = 1",
                "INSERT INTO users (id, name, email) VALUES (9, 'new', '')");
    }

    @Override
    protected DatabaseSource unreachableSource() {
        return new JdbcSourceFactory().create(io.github.dbsnap.spi.ProviderConfig.of(
                java.util.Map.of("url", unreachableUrl(), "batch-size", "2")));
    }
}
