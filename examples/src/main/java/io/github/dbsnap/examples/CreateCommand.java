package io.github.dbsnap.examples;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Take a snapshot and print its URI.")
final class CreateCommand extends CliCommand {
    @Option(names = "--database", description = "main or redis (default: every configured database).")
    String database;

    @Option(names = "--json", description = "Print a JSON object (an array when several databases), with the source's metadata.")
    boolean json;

    /** @return the snapshot's JSON plus the source's metadata (e.g. which Redis capture mode ran) */
    private static Map<String, Object> created(SnapshotInfo s) {
        Map<String, Object> m = json(s);
        if (!s.metadata().isEmpty()) {
            m.put("metadata", new TreeMap<>(s.metadata()));
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        try (SnapshotService service = context.service()) {
            List<String> targets = database != null ? List.of(database) : List.copyOf(service.databases());
            List<SnapshotInfo> made = new ArrayList<>();
            try {
                for (String db : targets) {
                    made.add(service.create(db));
                }
            } finally {
                // when one database fails, the snapshots already stored are still reported before the error
                if (json && !made.isEmpty()) {
                    printJson(made.size() == 1 && targets.size() == 1 ? created(made.get(0))
                            : made.stream().map(CreateCommand::created).toList());
                } else if (!json) {
                    made.forEach(s -> context.out().println(s.uri()));
                    context.out().flush();
                }
            }
        }
        return 0;
    }
}
