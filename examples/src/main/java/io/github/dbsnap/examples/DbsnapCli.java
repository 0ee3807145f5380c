package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.DbsnapException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;

/** The {@code dbsnap} command line: configuration from {@code SNAPSHOTS_*} variables, flags override them. */
@Command(name = "dbsnap", mixinStandardHelpOptions = true, versionProvider = DbsnapCli.Version.class,
        description = "Consistent, compressed, optionally encrypted snapshots of your databases.",
        subcommands = {CreateCommand.class, RestoreCommand.class, ListCommand.class, VerifyCommand.class,
                PruneCommand.class, CleanupCommand.class, RekeyCommand.class, CopyCommand.class, KeygenCommand.class, ScheduleCommand.class, ServeCommand.class, StatusCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class DbsnapCli {
    /** Exit status for a failed operation. */
    public static final int FAILED = 1;
    /** Exit status for usage and configuration errors. */
    public static final int USAGE = 2;

    @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--provider", description = "Storage provider: local, s3 or azure (SNAPSHOTS_STORAGE_PROVIDER).",
            scope = CommandLine.ScopeType.INHERIT)
    String provider;

    @Option(names = "--local-dir", description = "Local snapshot directory (SNAPSHOTS_STORAGE_LOCAL_DIR).",
            scope = CommandLine.ScopeType.INHERIT)
    String localDir;

    @Option(names = "--main-url", description = "Main database JDBC URL (SNAPSHOTS_MAIN_URL).",
            scope = CommandLine.ScopeType.INHERIT)
    String mainUrl;

    @Option(names = "--prefix", description = "Object prefix template (SNAPSHOTS_DB_PREFIX).",
            scope = CommandLine.ScopeType.INHERIT)
    String prefix;

    @Option(names = "--compression", description = "zstd, gzip, or with a level such as zstd:9 (SNAPSHOTS_COMPRESSION).",
            scope = CommandLine.ScopeType.INHERIT)
    String compression;

    private DbsnapCli() {
    }

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")
                && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) { // -D…=debug wins
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the CLI without exiting, for tests and embedding.
     *
     * @return the exit status: 0 success, 1 failed operation, 2 usage or configuration error
     */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        DbsnapCli top = new DbsnapCli();
        CommandLine cl = new CommandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        Redactor redactor = Redactor.of(env);
        cl.setExitCodeExceptionMapper(t -> t instanceof ConfigurationException ? USAGE : FAILED);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, top.verbose, err, redactor));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dbsnap: " + ex.getMessage());
            err.println("Try 'dbsnap --help'.");
            err.flush();
            return USAGE;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CliContext.install(cl, top, env);
        try {
            return cl.execute(args);
        } catch (Throwable t) { // NOPMD: an Error (out of memory, stack overflow, …) is reported like any failure
            return report(t, top.verbose || java.util.Arrays.asList(args).contains("--verbose"), err, redactor);
        }
    }

    /** Prints one redacted line, and with --verbose the redacted trace of the whole cause chain. */
    private static int report(Throwable ex, boolean verbose, PrintWriter err, Redactor redactor) {
        err.println("dbsnap: " + redactor.apply(oneLine(ex)));
        if (verbose) {
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(redactor.apply(trace.toString()));
        }
        err.flush();
        return ex instanceof ConfigurationException ? USAGE : FAILED;
    }

    private static String oneLine(Throwable ex) {
        String msg = ex instanceof DbsnapException || ex instanceof IllegalArgumentException ? ex.getMessage()
                : ex instanceof StackOverflowError ? "stack overflow (" + ex + ")"
                : ex.toString();
        if (msg == null) {
            msg = ex.getClass().getSimpleName();
        }
        return msg.lines().findFirst().orElse(msg);
    }

    /** Reads the version from the core's version file. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dbsnap " + io.github.dbsnap.SnapshotService.version()};
        }
    }
}
