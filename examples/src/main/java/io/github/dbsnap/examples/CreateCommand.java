package io.github.dbsnap.examples;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Take a snapshot and print its URI.")
final class CreateCommand extends CliCommand {
    @Option(names = "--database", description = "main or redis (default: every configured database).")
    String database;

    @Option(names = "--json", description = "Print a JSON object (an array when several databases).")
    boolean json;

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
                    printJson(made.size() == 1 && targets.size() == 1 ? json(made.get(0)) : made.stream().map(CliCommand::json).toList());
                } else if (!json) {
                    made.forEach(s -> context.out().println(s.uri()));
                    context.out().flush();
                }
            }
        }
        return 0;
    }
}
