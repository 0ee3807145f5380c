package io.github.dbsnap.examples;

import io.github.dbsnap.Operation;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** What every subcommand needs: the environment with flag overrides, output streams, the service. */
final class CliContext {
    private final DbsnapCli top;
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    private CliContext(DbsnapCli top, Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.top = top;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    static void install(CommandLine cl, DbsnapCli top, Map<String, String> env) {
        CliContext ctx = new CliContext(top, env, cl.getOut(), cl.getErr());
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof CliCommand c) {
                c.context = ctx;
            }
        }
    }

    /** @return the environment with the global flags applied over it */
    Map<String, String> environment() {
        Map<String, String> e = new HashMap<>(env);
        put(e, "SNAPSHOTS_STORAGE_PROVIDER", top.provider);
        put(e, "SNAPSHOTS_STORAGE_LOCAL_DIR", top.localDir);
        put(e, "SNAPSHOTS_MAIN_URL", top.mainUrl);
        put(e, "SNAPSHOTS_DB_PREFIX", top.prefix);
        put(e, "SNAPSHOTS_COMPRESSION", top.compression);
        return e;
    }

    private static void put(Map<String, String> e, String name, String value) {
        if (value != null) {
            e.put(name, value);
            // a flag wins over both spellings of the variable
            e.remove(name.replace("SNAPSHOTS_", "SNAPHOSTS_"));
        }
    }

    SnapshotConfig config() {
        return SnapshotConfig.fromEnvironment(environment());
    }

    /** @return a service from the configuration, reporting progress on stderr when it is a terminal */
    SnapshotService service() {
        return service(Map.of(), b -> { });
    }

    /** @return a service from the configuration, with {@code adjust} applied to its builder */
    SnapshotService service(java.util.function.Consumer<io.github.dbsnap.SnapshotServiceBuilder> adjust) {
        return service(Map.of(), adjust);
    }

    /** @return {@link #service()} with some variables replaced (a value of "" removes the variable) */
    SnapshotService service(Map<String, String> overrides) {
        return service(overrides, b -> { });
    }

    private SnapshotService service(Map<String, String> overrides,
                                    java.util.function.Consumer<io.github.dbsnap.SnapshotServiceBuilder> adjust) {
        Map<String, String> e = environment();
        overrides.forEach((k, v) -> {
            if (v.isEmpty()) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        io.github.dbsnap.SnapshotServiceBuilder builder = SnapshotConfig.fromEnvironment(e).serviceBuilder();
        adjust.accept(builder);
        SnapshotService service = builder.build();
        if (System.console() != null) {
            service.addListener(new Progress(err));
        }
        return service;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** Shows bytes transferred on one updating terminal line. */
    private static final class Progress implements SnapshotListener {
        private final PrintWriter err;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void onProgress(String database, Operation operation, long bytes) {
            err.print("\r" + operation.name().toLowerCase() + " " + database + ": " + Sizes.human(bytes) + "   ");
            err.flush();
        }

        @Override
        public synchronized void onCreated(io.github.dbsnap.SnapshotInfo snapshot) {
            clear();
        }

        @Override
        public synchronized void onRestored(io.github.dbsnap.RestoreResult result) {
            clear();
        }

        @Override
        public synchronized void onVerified(io.github.dbsnap.VerifyResult result) {
            clear();
        }

        @Override
        public synchronized void onFailure(String database, Operation operation, io.github.dbsnap.DbsnapException error) {
            clear();
        }

        private void clear() {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
