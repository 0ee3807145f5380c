package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.CopyResult;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.config.CopyTarget;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.spi.StorageProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy snapshots to another storage under the same keys, verifying each one on the way.",
                "A rerun skips what the target already holds; nothing partial is ever left at the target."})
final class CopyCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "<uri|prefix>",
            description = "A snapshot's key or URI, or a key prefix ending in / (every snapshot under it).")
    String source;

    @Option(names = "--to", paramLabel = "<uri>", description = "Target storage: s3://bucket/prefix, "
            + "azure://container/prefix or file:///dir (default: SNAPSHOTS_COPY_TO_PROVIDER and its settings).")
    String to;

    @Option(names = "--encrypt-to", paramLabel = "<recipient>",
            description = "Re-encrypt the copies to this age1pq1… or age1… public key (repeatable).")
    List<String> encryptTo = new ArrayList<>();

    @Option(names = "--encrypt-to-passphrase-env", paramLabel = "<VAR>",
            description = "Re-encrypt the copies to the passphrase in this environment variable.")
    String encryptToPassphraseEnv;

    @Option(names = "--identity", paramLabel = "<file>",
            description = "age identity file that opens the snapshots (default: the configured SNAPSHOTS_AGE_SECRET_KEY).")
    String identity;

    @Option(names = "--armor", description = "Write re-encrypted copies ASCII-armored.")
    boolean armor;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AgeEncryption reencrypt = reencrypt();
        Map<String, String> overrides = new HashMap<>();
        if (identity != null) {
            overrides.put("SNAPSHOTS_AGE_SECRET_KEY_FILE", identity);
            overrides.put("SNAPSHOTS_AGE_SECRET_KEY", "");
        }
        try (SnapshotService service = context.service(overrides);
             StorageProvider target = CopyTarget.open(to, context.environment())) {
            CopyResult r = service.copy(source, target, reencrypt);
            if (json) {
                List<Map<String, Object>> entries = new ArrayList<>();
                for (CopyResult.Entry e : r.entries()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", e.source());
                    m.put("target", e.target().toString());
                    m.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
                    m.put("transform", e.transform().name().toLowerCase(Locale.ROOT));
                    m.put("sha256", e.sha256());
                    m.put("size", e.size());
                    m.put("signed", e.signed());
                    entries.add(m);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("copied", r.copied());
                m.put("entries", entries);
                m.put("tookMillis", r.took().toMillis());
                printJson(m);
            } else {
                for (CopyResult.Entry e : r.entries()) {
                    String what = e.outcome() == CopyResult.Outcome.COPIED ? "copied" : "already copied";
                    context.out().println(what + " " + e.source() + " -> " + e.target());
                }
                context.out().println(r.copied() + " of " + r.entries().size() + " snapshot(s) copied in "
                        + r.took().toMillis() + " ms");
            }
        }
        return 0;
    }

    private AgeEncryption reencrypt() {
        if (!encryptTo.isEmpty() && encryptToPassphraseEnv != null) {
            throw new ConfigurationException("copy re-encrypts to --encrypt-to <recipient> or to "
                    + "--encrypt-to-passphrase-env <VAR>, not both");
        }
        if (encryptTo.isEmpty() && encryptToPassphraseEnv == null) {
            if (armor) {
                throw new ConfigurationException("--armor applies to re-encrypted copies: add --encrypt-to <recipient>");
            }
            return null;
        }
        return RekeyCommand.keys(context, encryptTo, encryptToPassphraseEnv, "--encrypt-to-passphrase-env", armor);
    }
}
