package io.github.dbsnap.jdbc;

import java.util.Locale;
import java.util.Optional;

/** Picks the {@link Dialect} for a JDBC URL. */
final class Dialects {
    private Dialects() {
    }

    /** @return {@code postgresql}, {@code mysql}, {@code mariadb} or {@code sqlite}; empty for other URLs */
    static Optional<String> kindOf(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        for (String k : new String[] {"postgresql", "mysql", "mariadb", "sqlite"}) {
            if (u.startsWith("jdbc:" + k + ":")) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    static Dialect forUrl(String url) {
        String kind = kindOf(url).orElseThrow(() -> new IllegalArgumentException("unsupported JDBC URL"));
        return switch (kind) {
            case "postgresql" -> new PostgresDialect();
            case "mysql" -> new MysqlDialect(false);
            case "mariadb" -> new MysqlDialect(true);
            default -> new SqliteTableDialect();
        };
    }

    /** @return the URL without user info and query parameters, which may carry credentials */
    static String redact(String url) {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        int semi = u.indexOf(';');
        if (semi >= 0) {
            u = u.substring(0, semi);
        }
        int at = u.lastIndexOf('@');
        int slashes = u.indexOf("//");
        if (at >= 0 && slashes >= 0 && at > slashes) {
            u = u.substring(0, slashes + 2) + u.substring(at + 1);
        }
        return u;
    }
}
