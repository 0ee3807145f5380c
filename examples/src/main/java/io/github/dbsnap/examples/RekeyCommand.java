package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.RekeyResult;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.crypto.AgeEncryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = {"Rewrite the age header of encrypted snapshots for new recipients without re-encrypting them.",
                "Each result is a new object <database>.tar.<ext>.rk-<tag>.age beside the old one; a rerun skips what "
                        + "is done. The configured identity (or --identity) must open the snapshots."})
final class RekeyCommand extends CliCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<uri|prefix>",
            description = "A snapshot's key or URI, or a key prefix ending in / (every snapshot under it).")
    String target;

    @Option(names = "--database", description = "Every snapshot of this database under the configured prefix.")
    String database;

    @Option(names = "--to", paramLabel = "<recipient>", description = "New age1pq1… or age1… public key (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--to-passphrase-env", paramLabel = "<VAR>",
            description = "Encrypt to the passphrase in this environment variable instead of keys.")
    String toPassphraseEnv;

    @Option(names = "--identity", paramLabel = "<file>",
            description = "age identity file that opens the snapshots (default: the configured SNAPSHOTS_AGE_SECRET_KEY).")
    String identity;

    @Option(names = "--armor", description = "Write the new objects ASCII-armored.")
    boolean armor;

    @Option(names = "--delete-old", description = "Delete each old snapshot once its rekeyed object exists.")
    boolean deleteOld;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((target == null) == (database == null)) {
            throw new ConfigurationException("rekey needs either <uri|prefix> or --database NAME");
        }
        AgeEncryption newKeys = newKeys();
        Map<String, String> overrides = new HashMap<>();
        if (identity != null) {
            overrides.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", identity);
            overrides.put("SNAPSHOTS_AGE_SECRET_KEY", "");
        }
        try (SnapshotService service = context.service(overrides)) {
            RekeyResult r = database != null ? service.rekeyDatabase(database, newKeys, deleteOld)
                    : service.rekey(target, newKeys, deleteOld);
            if (json) {
                List<Map<String, Object>> entries = new ArrayList<>();
                for (RekeyResult.Entry e : r.entries()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", e.source());
                    m.put("target", e.target());
                    m.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("sourceDeleted", e.sourceDeleted());
                    entries.add(m);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rekeyed", r.rekeyed());
                m.put("entries", entries);
                m.put("tookMillis", r.took().toMillis());
                printJson(m);
            } else {
                for (RekeyResult.Entry e : r.entries()) {
                    String what = switch (e.outcome()) {
                        case REKEYED -> "rekeyed";
                        case ALREADY_REKEYED -> "already rekeyed";
                        case NOT_ENCRYPTED -> "not encrypted, skipped";
                    };
                    context.out().println(what + " " + e.source() + (e.target() != null ? " -> " + e.target() : "")
                            + (e.sourceDeleted() ? " (old deleted)" : ""));
                }
                context.out().println(r.rekeyed() + " of " + r.entries().size() + " snapshot(s) rekeyed in "
                        + r.took().toMillis() + " ms");
            }
        }
        return 0;
    }

    private AgeEncryption newKeys() {
        if (to.isEmpty() == (toPassphraseEnv == null)) {
            throw new ConfigurationException("rekey needs the new keys: --to <recipient> (repeatable) or "
                    + "--to-passphrase-env <VAR>");
        }
        return keys(context, to, toPassphraseEnv, "--to-passphrase-env", armor);
    }

    /** @return encryption to the recipients, or to the passphrase in the variable {@code passphraseEnv} */
    static AgeEncryption keys(CliContext context, List<String> recipients, String passphraseEnv, String option,
                              boolean armor) {
        char[] passphrase = null;
        if (passphraseEnv != null) {
            String p = context.environment().get(passphraseEnv);
            if (p == null || p.isEmpty()) {
                throw new ConfigurationException("environment variable " + passphraseEnv + " (" + option + ") is "
                        + "not set");
            }
            passphrase = p.toCharArray();
        }
        return AgeEncryption.of(recipients, List.of(), passphrase).withArmor(armor);
    }
}
