package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.spi.StaleFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The table-level {@code jdbc} source: {@code schema.json} then one CSV entry per table, read in one
 * consistent transaction; restored in one transaction by {@link JdbcRestore}. Opens a connection per
 * operation, so it holds nothing between them; thread-safe.
 */
final class JdbcSource implements DatabaseSource {
    private static final Logger log = LoggerFactory.getLogger(JdbcSource.class);
    private final JdbcSourceConfig config;
    private final Dialect dialect;
    private final Redactor redactor;
    private final Path partDir;
    private final long partSize;

    JdbcSource(JdbcSourceConfig config) {
        this(config, PartWriter.defaultDir(), PartWriter.DEFAULT_PART_SIZE);
    }

    /** @param partDir where table parts are spooled; @param partSize the size of a table's parts but the last */
    JdbcSource(JdbcSourceConfig config, Path partDir, long partSize) {
        this.partDir = partDir;
        this.partSize = partSize;
        this.config = config;
        this.dialect = Dialects.forUrl(config.url());
        this.redactor = new Redactor(config.url(), config.password());
    }

    @Override
    public String kind() {
        return JdbcSourceFactory.NAME;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("jdbc.format", SchemaDoc.FORMAT, "jdbc.dialect", dialect.name());
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        try (Connection c = open(); PartWriter parts = new PartWriter(out, partDir, partSize, PartWriter.DEFAULT_AHEAD)) {
            dialect.prepareSession(c);
            dialect.beginSnapshot(c);
            String schema = schema(c);
            List<TableDef> tables = TableOrder.parentsFirst(new SchemaReader(dialect).read(c, schema, config::selects));
            byte[] json = SchemaJson.write(new SchemaDoc(SchemaDoc.FORMAT, dialect.name(), schema, SchemaDoc.ENCODING, tables));
            out.write(SchemaDoc.ENTRY, json.length, new ByteArrayInputStream(json));
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("tables", (long) tables.size());
            TableDumper dumper = new TableDumper(dialect, config.batchSize(), config.maxRowSize());
            long total = 0;
            for (TableDef t : tables) {
                long rows = dumper.dump(c, schema, t, parts);
                counts.put("rows." + t.name(), rows);
                total += rows;
            }
            counts.put("rows", total);
            c.rollback();
            log.debug("Dumped {} tables, {} rows from {}", tables.size(), total, Dialects.redact(config.url()));
            return new DumpResult(counts);
        } catch (SQLException | RuntimeException e) {
            throw translate("dump of " + Dialects.redact(config.url()) + " failed", "", e);
        }
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        Connection c = null;
        try {
            c = open();
            return new JdbcRestore(config, dialect, redactor, c).stage(in);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, redactor);
            throw translate("restore into " + Dialects.redact(config.url()) + " failed", "; nothing was changed", e);
        }
    }

    /**
     * Translates at the source boundary: a driver's exception (or anything not ours) becomes a
     * {@link DatabaseSourceException} whose message and cause chain hold no secret; ours are cleaned
     * the same way; other dbsnap exceptions pass unchanged.
     */
    private RuntimeException translate(String what, String outcome, Exception e) {
        if (e instanceof DatabaseSourceException d) {
            return redactor.clean(d);
        }
        if (e instanceof io.github.dbsnap.DbsnapException d) {
            return d;
        }
        DatabaseSourceException f = redactor.failure(what, e);
        return outcome.isEmpty() ? f : new DatabaseSourceException(f.getMessage() + outcome, f.getCause());
    }

    String schema(Connection c) throws SQLException {
        return config.schema() != null ? config.schema() : dialect.currentSchema(c);
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        dialect.connectionProperties(p);
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        try {
            return DriverManager.getConnection(config.url(), p);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new SQLException("no JDBC driver for " + Dialects.redact(config.url())
                        + " on the class path; add the " + dialect.name() + " driver", e);
            }
            throw e;
        }
    }

    static void closeQuietly(Connection c, Redactor redactor) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("Closing connection failed: {}", redactor.redact(e.toString()));
            }
        }
    }

    /** Removes part spools of dumps killed mid-table ({@link PartWriter#TEMP_PREFIX}) older than {@code olderThan}. */
    @Override
    public int cleanup(Duration olderThan) {
        try {
            return StaleFiles.remove(partDir, PartWriter.TEMP_PREFIX, PartWriter.TEMP_SUFFIX, olderThan);
        } catch (IOException e) {
            throw new DatabaseSourceException("could not remove old part spools in " + partDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // connections live only for one operation
    }
}
