package io.github.dbsnap.examples;

import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.schedule.Pruner;
import io.github.dbsnap.schedule.PruneResult;
import io.github.dbsnap.schedule.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "prune", mixinStandardHelpOptions = true, description = "Apply the retention policy: delete the snapshots no rule keeps (never the newest).")
final class PruneCommand extends CliCommand {
    @Option(names = "--database", description = "Only this database (default: every configured database).")
    String database;

    @Option(names = "--keep-last", description = "Keep the N newest (SNAPSHOTS_RETENTION_KEEP_LAST).")
    Integer keepLast;

    @Option(names = "--keep-daily", description = "Keep the newest of each of the last N days (SNAPSHOTS_RETENTION_KEEP_DAILY).")
    Integer keepDaily;

    @Option(names = "--keep-weekly", description = "Keep the newest of each of the last N ISO weeks (SNAPSHOTS_RETENTION_KEEP_WEEKLY).")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", description = "Keep the newest of each of the last N months (SNAPSHOTS_RETENTION_KEEP_MONTHLY).")
    Integer keepMonthly;

    @Option(names = "--max-age", description = "Keep everything younger than this, e.g. 30d (SNAPSHOTS_RETENTION_MAX_AGE).")
    String maxAge;

    @Option(names = "--dry-run", description = "Only show what would be deleted.")
    boolean dryRun;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SnapshotConfig config = context.config();
        RetentionPolicy base = config.retention();
        RetentionPolicy policy = new RetentionPolicy(
                keepLast != null ? keepLast : base.keepLast(),
                keepDaily != null ? keepDaily : base.keepDaily(),
                keepWeekly != null ? keepWeekly : base.keepWeekly(),
                keepMonthly != null ? keepMonthly : base.keepMonthly(),
                maxAge != null ? parseAge(maxAge) : base.maxAge());
        if (policy.isEmpty()) {
            throw new io.github.dbsnap.ConfigurationException("no retention rule given; use --keep-last N, --keep-daily N, "
                    + "--keep-weekly N, --keep-monthly N or --max-age D (or the SNAPSHOTS_RETENTION_* variables)");
        }
        try (SnapshotService service = context.service()) {
            Pruner pruner = new Pruner(service, policy, config.zone(), Clock.systemUTC());
            List<String> targets = database != null ? List.of(database) : List.copyOf(service.databases());
            Map<String, Object> report = new LinkedHashMap<>();
            for (String db : targets) {
                PruneResult r = pruner.prune(db, dryRun);
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("kept", r.kept().stream().map(CliCommand::json).toList());
                    m.put("deleted", r.deleted().stream().map(CliCommand::json).toList());
                    report.put(db, m);
                } else {
                    for (SnapshotInfo s : r.deleted()) {
                        context.out().println((dryRun ? "would delete " : "deleted ") + s.uri());
                    }
                    context.out().println(db + ": kept " + r.kept().size() + ", " + (dryRun ? "would delete " : "deleted ")
                            + r.deleted().size());
                }
            }
            if (json) {
                report.put("dryRun", dryRun);
                printJson(report);
            }
        }
        return 0;
    }

    private static Duration parseAge(String text) {
        try {
            return ProviderConfig.parseDuration(text);
        } catch (RuntimeException e) {
            throw new io.github.dbsnap.ConfigurationException("--max-age '" + text + "' is not a duration such as 30d or 12h");
        }
    }
}
