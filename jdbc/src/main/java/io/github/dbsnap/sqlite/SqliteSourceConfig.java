package io.github.dbsnap.sqlite;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the file-level {@code sqlite} source.
 *
 * @param url         {@code jdbc:sqlite:<path>} of the live database (setting {@code url}, environment
 *                    {@code SNAPSHOTS_MAIN_URL}; default {@code jdbc:sqlite:./data/main.db})
 * @param tempDir     where the consistent copy and the staged restore are written (setting
 *                    {@code temp-dir}; default: the database's own directory, so that nothing large lands
 *                    in {@code /tmp}); needs free space of about the database's size
 * @param busyTimeout how long to wait for other connections' locks, for the copy and for the swap of a restore
 *                    (setting {@code busy-timeout}; default 30s)
 */
public record SqliteSourceConfig(String url, Path tempDir, Duration busyTimeout) {
    /** Default URL. */
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/main.db";

    /** Validates the components. */
    public SqliteSourceConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        path(url);
    }

    /** @return the database file named by a {@code jdbc:sqlite:} URL */
    static Path path(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            throw new ConfigurationException("the sqlite source needs a jdbc:sqlite: URL, got '"
                    + url.replaceAll("//[^@/]*@", "//****@") + "'");
        }
        String p = url.substring("jdbc:sqlite:".length());
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.startsWith("file:")) {
            p = p.substring("file:".length());
        }
        if (p.isBlank() || p.equals(":memory:") || p.startsWith(":resource:")) {
            throw new ConfigurationException("the sqlite source needs a database file, not '" + p + "'");
        }
        return Path.of(p);
    }

    /** @return the live database file */
    public Path file() {
        return path(url);
    }

    static SqliteSourceConfig from(ProviderConfig c) {
        return new SqliteSourceConfig(c.optional("url").orElse(DEFAULT_URL),
                c.optional("temp-dir").map(Path::of).orElse(null),
                c.duration("busy-timeout").orElse(Duration.ofSeconds(30)));
    }
}
