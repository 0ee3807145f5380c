package io.github.dbsnap.examples;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.status.DatabaseStatus;
import io.github.dbsnap.status.SnapshotStatus;
import io.github.dbsnap.status.StatusTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Optional;

/**
 * One-shot status: there is no in-memory history in this process, so health comes from the storage
 * listing and the configured schedules (and, with {@code --verify}, a read-back of each newest snapshot).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Health per database from storage and the configured schedules; "
        + "exit 1 when any database is stale or failing.")
final class StatusCommand extends CliCommand {
    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Option(names = "--verify", description = "Also download and check the newest snapshot of each database.")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        SnapshotConfig config = context.config();
        try (SnapshotService service = context.service();
             // snapshots have been expected for as long as the schedules exist: no grace period here
             StatusTracker tracker = config.statusTrackerBuilder(service).watchingSince(Instant.EPOCH).build()) {
            if (verify) {
                verifyNewest(service);
            }
            SnapshotStatus status = tracker.status();
            if (json) {
                printJson(status.toMap());
            } else {
                status.databases().forEach(this::print);
            }
            return status.healthy() ? 0 : DbsnapCli.FAILED;
        }
    }

    private void verifyNewest(SnapshotService service) {
        for (String db : service.databases()) {
            try {
                Optional<SnapshotInfo> newest = service.latest(db);
                if (newest.isPresent()) {
                    service.verify(newest.get().key());
                }
            } catch (DbsnapException e) {
                // the tracker saw it (onFailure) and reports it; listing failures show up as storage errors
            }
        }
    }

    private void print(DatabaseStatus d) {
        var out = context.out();
        out.printf("%-8s %-8s %s%n", d.database(), d.health(), d.reason());
        d.newestSnapshot().ifPresent(s -> out.printf("         newest    %s (%s)%n", s.uri(), Sizes.human(s.size())));
        out.printf("         stored    %d snapshot(s), %s%n", d.snapshotCount(), Sizes.human(d.totalSize()));
        d.schedule().ifPresent(s -> out.printf("         schedule  %s, next %s%n", s, d.nextRun().map(Object::toString).orElse("never")));
        d.lastFailure().ifPresent(f -> out.printf("         failed    %s %s: %s%n", f.at(),
                f.operation().name().toLowerCase(java.util.Locale.ROOT), f.reason()));
        d.lastVerification().ifPresent(v -> out.printf("         verified  %s %s%n", v.at(), v.ok() ? "ok" : "FAILED: "
                + v.reason().orElse("")));
        out.flush();
    }
}
