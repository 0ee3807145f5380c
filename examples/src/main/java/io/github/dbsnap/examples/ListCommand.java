package io.github.dbsnap.examples;

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

    @Override
    public Integer call() throws Exception {
        try (SnapshotService service = context.service()) {
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
}
