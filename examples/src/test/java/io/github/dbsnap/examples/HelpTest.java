package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers {@code -h/--help}, and the command list shows whole sentences. */
class HelpTest {
    @TempDir
    Path dir;

    static Set<String> commands() {
        Result r = CliRun.cli(Map.of(), "--help");
        assertThat(r.code()).isZero();
        Set<String> names = new TreeSet<>();
        boolean inCommands = false;
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  [a-z-]+ .*")) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    @Test
    @DisplayName("every subcommand answers -h and --help with its own usage, exit 0")
    void everySubcommandAnswersHelp() {
        Set<String> names = commands();
        assertThat(names).contains("create", "restore", "list", "verify", "prune", "cleanup", "schedule", "serve", "status", "demo");
        Map<String, String> env = CliRun.localEnv(dir.resolve("main.db"), dir.resolve("snaps"));
        for (String name : names) {
            if (name.equals("help")) {
                continue;
            }
            for (String flag : List.of("-h", "--help")) {
                Result r = CliRun.cli(env, name, flag);
                assertThat(r.code()).as(name + " " + flag + ": " + r.err()).isZero();
                assertThat(r.out()).as(name + " " + flag).startsWith("Usage: dbsnap " + name);
            }
        }
    }

    @Test
    @DisplayName("the command list shows each command's first sentence whole")
    void commandListShowsWholeSentences() {
        Result r = CliRun.cli(Map.of(), "--help");
        String list = r.out().substring(r.out().indexOf("Commands:"));
        Map<String, String> summaries = new java.util.LinkedHashMap<>();
        String current = null;
        for (String line : list.lines().skip(1).toList()) {
            if (line.matches("  [a-z-]+ .*")) {
                current = line.strip().split("\\s+")[0];
                summaries.put(current, line.strip().substring(current.length()).strip());
            } else if (current != null && line.startsWith("    ")) {
                summaries.merge(current, " " + line.strip(), String::concat);
            }
        }
        summaries.remove("help");
        assertThat(summaries).isNotEmpty();
        summaries.forEach((name, summary) -> assertThat(summary).as("summary of " + name).endsWith("."));
    }
}
