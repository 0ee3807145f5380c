package io.github.dbsnap.spring;

import io.github.dbsnap.ConfigurationException;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The application's {@link DataSource} as the {@code main} database: its JDBC URL and user from the
 * connection's metadata, and its password from Spring Boot's {@code spring.datasource.*} when those
 * describe the same database (a pool does not give its password back). Never prints the password.
 */
final class ApplicationDataSource {
    private static final List<String> SUPPORTED = List.of("jdbc:sqlite:", "jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:");

    private ApplicationDataSource() {
    }

    /**
     * Adds {@code SNAPSHOTS_MAIN_URL} (and {@code _USER}, {@code _PASSWORD} for the {@code jdbc} source)
     * describing the data source to {@code variables}.
     *
     * @return the URL without credentials or parameters, for the start-up log line
     * @throws ConfigurationException when the database cannot be reached or is not one dbsnap snapshots
     */
    static String describe(DataSource dataSource, DataSourceProperties properties, Map<String, String> variables) {
        String url;
        String user;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            url = meta.getURL();
            user = meta.getUserName();
        } catch (SQLException e) {
            throw new ConfigurationException("cannot read the JDBC URL of the application's DataSource to snapshot it ("
                    + e.getClass().getSimpleName() + "); set dbsnap.main.url", e);
        }
        if (url == null || SUPPORTED.stream().noneMatch(url::startsWith)) {
            throw new ConfigurationException("the application's DataSource (" + printable(url) + ") is not a database dbsnap "
                    + "snapshots (SQLite, PostgreSQL, MySQL, MariaDB); set dbsnap.main.url, or remove dbsnap from the application");
        }
        variables.put("SNAPSHOTS_MAIN_URL", url);
        if (!url.startsWith("jdbc:sqlite:")) {
            boolean configured = properties != null && properties.getUrl() != null
                    && stripParameters(properties.getUrl()).equals(stripParameters(url));
            if (configured && properties.getUsername() != null) {
                user = properties.getUsername();
            } else if (user != null && url.startsWith("jdbc:mysql:") && user.contains("@")) {
                user = user.substring(0, user.lastIndexOf('@')); // MySQL's metadata says user@host
            }
            if (user != null && !user.isBlank()) {
                variables.put("SNAPSHOTS_MAIN_USER", user);
            }
            if (configured && properties.getPassword() != null) {
                variables.put("SNAPSHOTS_MAIN_PASSWORD", properties.getPassword());
            }
        }
        return printable(url);
    }

    /** @return the URL without user info or parameters, which may hold credentials */
    static String printable(String url) {
        return url == null ? "no URL" : stripParameters(url).replaceAll("//[^@/]*@", "//");
    }

    private static String stripParameters(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }
}
