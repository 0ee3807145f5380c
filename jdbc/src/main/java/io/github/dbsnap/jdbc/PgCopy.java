package io.github.dbsnap.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PgJDBC's {@code CopyManager}, reached by reflection so that no dbsnap class links against the
 * PostgreSQL driver (it is the application's dependency, absent for SQLite or MariaDB users).
 */
final class PgCopy {
    private PgCopy() {
    }

    /** Runs {@code COPY … TO STDOUT}, writing what the server sends to {@code to}; @return rows */
    static long copyOut(Connection c, String sql, OutputStream to) throws SQLException, IOException {
        return call(api(c), "copyOut", new Class<?>[] {String.class, OutputStream.class}, sql, to);
    }

    /** Runs {@code COPY … FROM STDIN}, sending {@code from} until its end; @return rows */
    static long copyIn(Connection c, String sql, InputStream from) throws SQLException, IOException {
        return call(api(c), "copyIn", new Class<?>[] {String.class, InputStream.class}, sql, from);
    }

    private static Object api(Connection c) throws SQLException {
        try {
            Class<?> pg = Class.forName("org.postgresql.PGConnection", false, c.getClass().getClassLoader());
            Object conn = c.unwrap(pg);
            return pg.getMethod("getCopyAPI").invoke(conn);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new SQLException("the PostgreSQL driver offers no CopyManager (PgJDBC 42 or later is needed)", e);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        }
    }

    private static long call(Object api, String name, Class<?>[] types, Object... args) throws SQLException, IOException {
        try {
            return (Long) api.getClass().getMethod(name, types).invoke(api, args);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new SQLException("the PostgreSQL driver's CopyManager has no " + name + " method", e);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException io) {
                throw io;
            }
            throw rethrow(t);
        }
    }

    private static SQLException rethrow(Throwable t) {
        if (t instanceof SQLException s) {
            return s;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new SQLException(t.getMessage(), t);
    }
}
