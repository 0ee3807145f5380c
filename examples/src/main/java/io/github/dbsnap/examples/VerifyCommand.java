package io.github.dbsnap.examples;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Download, decrypt, decompress and check every checksum; restores nothing.")
final class VerifyCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "<uri>", description = "A key under the configured storage, or a full URI.")
    String uri;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (SnapshotService service = context.service()) {
            VerifyResult r = service.verify(uri);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("snapshot", json(r.snapshot()));
                m.put("source", r.source());
                m.put("entries", r.entries());
                m.put("counts", r.counts());
                m.put("completedAt", String.valueOf(r.completedAt()));
                printJson(m);
            } else {
                context.out().println("ok " + r.snapshot().uri() + " (" + r.entries().size() + " entries, "
                        + Sizes.human(r.entries().stream().mapToLong(VerifyResult.Entry::size).sum()) + " of data, all checksums match)");
            }
        }
        return 0;
    }
}
