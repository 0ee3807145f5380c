package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

@Command(name = "cleanup", mixinStandardHelpOptions = true, description = {"Remove leftovers of interrupted creates and restores.",
        "Temp files, open multipart uploads and staging copies left by a crash; stored snapshots and live data are never touched."})
final class CleanupCommand extends CliCommand {
    @Option(names = "--older-than", paramLabel = "<age>", defaultValue = "24h",
            description = "Only leftovers older than this (default ${DEFAULT-VALUE}; e.g. 30m, 6h, 0s); "
                    + "younger ones may belong to a snapshot running elsewhere.")
    String olderThan;

    @Override
    public Integer call() throws Exception {
        Duration age = parse(olderThan);
        try (SnapshotService service = context.service()) {
            int removed = service.cleanup(age);
            context.out().println("removed " + removed + " leftover" + (removed == 1 ? "" : "s") + " older than " + olderThan);
        }
        return 0;
    }

    static Duration parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s.trim());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ConfigurationException("--older-than '" + s + "' is not a duration such as 30m, 6h or 2d");
        }
    }
}
