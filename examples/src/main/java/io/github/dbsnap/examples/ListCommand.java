package io.github.dbsnap.examples;

import io.github.dbsnap.PitrWindow;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List snapshots, newest first.")
final class ListCommand extends CliCommand {
    @Option(names = "--database", description = "Only this database (default: every configured database).")
    String database;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Option(names = "--pitr", description = "List the restorable windows of the point-in-time log, one per generation, "
            + "instead of the snapshots.")
    boolean pitr;

    @Override
    public Integer call() throws Exception {
        try (SnapshotService service = context.service(b -> b.pitrShipping(false))) {
            if (pitr) {
                listPitr(service);
                return 0;
            }
            List<SnapshotInfo> all = database != null ? service.list(database) : service.list();
            if (json) {
                printJson(all.stream().map(CliCommand::json).toList());
            } else {
                for (SnapshotInfo s : all) {
                    context.out().printf("%-24s  %-6s  %10s  %s%n", s.createdAt(), s.database(), Sizes.human(s.size()), s.uri());
                }
            }
        }
        return 0;
    }

    private void listPitr(SnapshotService service) throws Exception {
        List<String> dbs = database != null ? List.of(database) : List.copyOf(service.databases());
        List<Object> rows = new java.util.ArrayList<>();
        for (String db : dbs) {
            for (PitrWindow w : service.pitrWindows(db)) {
                if (json) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("database", db);
                    m.put("generation", w.generation());
                    m.put("from", w.from().toString());
                    m.put("to", w.to().toString());
                    m.put("segments", w.segments());
                    m.put("bytes", w.bytes());
                    m.put("snapshot", w.snapshot());
                    m.put("reason", w.reason());
                    rows.add(m);
                } else {
                    context.out().printf("%-6s  %s  %s .. %s  %5d segments  %10s  (%s)%n", db, w.generation(), w.from(), w.to(),
                            w.segments(), Sizes.human(w.bytes()), w.reason());
                }
            }
        }
        if (json) {
            printJson(rows);
        }
    }
}
