package io.github.dbsnap.examples;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a snapshot; the live database changes only if every check passes.")
final class RestoreCommand extends CliCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<uri>", description = "A key under the configured storage, or s3://…, azure://…, file:///… (not with --at).")
    String uri;

    @Option(names = "--at", paramLabel = "<instant|latest>", description = "Restore --database (default main) to an instant "
            + "(2026-11-30T17:00:00Z) or to the newest stored commit ('latest') from its point-in-time log.")
    String at;

    @Option(names = "--database", description = "Target database (default: the one named in the snapshot's file name).")
    String database;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Option(names = "--allow-database-mismatch", description = "Restore a snapshot of another database into the target "
            + "(SNAPSHOTS_ALLOW_DATABASE_MISMATCH=1); a snapshot of another source kind is still refused.")
    boolean allowDatabaseMismatch;

    @Override
    public Integer call() throws Exception {
        if ((uri == null) == (at == null)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "give either a snapshot <uri> or --at <instant|latest>");
        }
        try (SnapshotService service = context.service(b -> {
            b.pitrShipping(false);
            if (allowDatabaseMismatch) {
                b.allowDatabaseMismatch(true);
            }
        })) {
            RestoreResult r = at == null ? service.restore(database, uri)
                    : service.restore(database == null ? "main" : database, "latest".equalsIgnoreCase(at) ? java.time.Instant.MAX
                    : java.time.Instant.parse(at));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("database", r.database());
                m.put("snapshot", json(r.snapshot()));
                m.put("counts", r.counts());
                m.put("tookMillis", r.took().toMillis());
                printJson(m);
            } else {
                context.out().println("restored " + r.snapshot().uri() + " into '" + r.database() + "' in "
                        + r.took().toMillis() + " ms");
            }
        }
        return 0;
    }
}
