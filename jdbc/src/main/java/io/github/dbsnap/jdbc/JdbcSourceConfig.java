package io.github.dbsnap.jdbc;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the table-level {@code jdbc} source. The password never appears in {@link #toString()}.
 *
 * @param url         JDBC URL of the database; selects the dialect ({@code jdbc:postgresql:},
 *                    {@code jdbc:mysql:}, {@code jdbc:mariadb:}, {@code jdbc:sqlite:}); required
 *                    (from {@code SNAPSHOTS_MAIN_URL})
 * @param user        user name, or null to take it from the URL (default: none)
 * @param password    password, or null to take it from the URL (default: none)
 * @param schema      schema (PostgreSQL) or database (MySQL/MariaDB) whose tables are dumped and
 *                    restored, or null for the connection's current one; ignored by SQLite (default: null)
 * @param include     tables to dump and restore; empty means every table (default: empty)
 * @param exclude     tables never dumped nor restored (default: empty)
 * @param skipMissing on restore, skip tables and columns the target lacks instead of failing (default: false)
 * @param batchSize   rows per INSERT batch on restore and per fetch on dump (default: {@value #DEFAULT_BATCH_SIZE})
 * @param maxRowSize  the most characters of CSV text one row may hold, all its fields together (a BLOB
 *                    counts twice its bytes, as hex); a dump refuses a longer row, a restore a longer
 *                    record, naming table, row and column (default: {@link #defaultMaxRowSize()})
 */
public record JdbcSourceConfig(String url, String user, String password, String schema, List<String> include,
                               List<String> exclude, boolean skipMissing, int batchSize, int maxRowSize) {
    /** Default of {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    private static final int MIB = 1024 * 1024;

    /** Validates the components and copies the lists. */
    public JdbcSourceConfig {
        Objects.requireNonNull(url, "url");
        include = List.copyOf(include == null ? List.of() : include);
        exclude = List.copyOf(exclude == null ? List.of() : exclude);
        if (batchSize < 1) {
            throw new ConfigurationException("setting 'batch-size' must be at least 1");
        }
        if (maxRowSize < 1024) {
            throw new ConfigurationException("setting 'max-row-size' must be at least 1KiB");
        }
    }

    /** Settings with the default {@link #maxRowSize()}. */
    public JdbcSourceConfig(String url, String user, String password, String schema, List<String> include,
                            List<String> exclude, boolean skipMissing, int batchSize) {
        this(url, user, password, schema, include, exclude, skipMissing, batchSize, defaultMaxRowSize());
    }

    /**
     * A row is held in memory whole (as Java strings, up to 2 bytes a character, plus the reader's
     * buffer and the driver's copy in the batch), so the default is a sixteenth of the maximum heap,
     * between 1 MiB and 64 MiB characters: 3.9 M at {@code -Xmx64m}, 16 M at 256 MiB, 64 M from 1 GiB.
     *
     * @return the default of {@link #maxRowSize()} for this JVM's heap
     */
    public static int defaultMaxRowSize() {
        long sixteenth = Runtime.getRuntime().maxMemory() / 16;
        return (int) Math.max(MIB, Math.min(64L * MIB, sixteenth));
    }

    /**
     * Reads settings {@code url}, {@code user}, {@code password}, {@code schema}, {@code include},
     * {@code exclude} (comma lists), {@code skip-missing}, {@code batch-size} and {@code max-row-size}
     * (a size such as {@code 32MiB}, counted in characters).
     *
     * @throws ConfigurationException listing every bad setting
     */
    public static JdbcSourceConfig from(ProviderConfig c) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = c.optional("url");
        if (url.isEmpty()) {
            problems.add("missing setting 'url' (a JDBC URL, e.g. SNAPSHOTS_MAIN_URL=jdbc:postgresql://host/db)");
        } else if (Dialects.kindOf(url.get()).isEmpty()) {
            problems.add("setting 'url' must be a jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: or jdbc:sqlite: URL");
        }
        boolean skip = false;
        int batch = DEFAULT_BATCH_SIZE;
        try {
            skip = c.bool("skip-missing").orElse(false);
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        try {
            batch = c.integer("batch-size").orElse(DEFAULT_BATCH_SIZE);
            if (batch < 1) {
                problems.add("setting 'batch-size' must be at least 1");
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        int maxRow = defaultMaxRowSize();
        try {
            long v = c.bytes("max-row-size").orElse((long) maxRow);
            if (v < 1024 || v > Integer.MAX_VALUE - 16) {
                problems.add("setting 'max-row-size' must be between 1KiB and 2GiB");
            } else {
                maxRow = (int) v;
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new JdbcSourceConfig(url.get(), c.optional("user").orElse(null), c.secret("password").orElse(null),
                c.optional("schema").orElse(null), list(c.optional("include")), list(c.optional("exclude")), skip, batch,
                maxRow);
    }

    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** @return whether a table is selected by the include and exclude lists (names compared ignoring case) */
    boolean selects(String table) {
        boolean in = include.isEmpty() || include.stream().anyMatch(table::equalsIgnoreCase);
        return in && exclude.stream().noneMatch(table::equalsIgnoreCase);
    }

    @Override
    public String toString() {
        return "JdbcSourceConfig[url=" + Dialects.redact(url) + ", user=" + user + ", password="
                + (password == null ? "null" : "****") + ", schema=" + schema + ", include=" + include
                + ", exclude=" + exclude + ", skipMissing=" + skipMissing + ", batchSize=" + batchSize
                + ", maxRowSize=" + maxRowSize + "]";
    }
}
