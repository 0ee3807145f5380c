package io.github.dbsnap.examples;

import io.github.dbsnap.crypto.AgeEncryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Print a new age identity and its public key, as age-keygen does (-pq: hybrid post-quantum).")
final class KeygenCommand extends CliCommand {
    @Option(names = {"--pq", "-pq"}, description = "A hybrid post-quantum (ML-KEM-768 + X25519) identity, "
            + "AGE-SECRET-KEY-PQ-1…, with an age1pq1… public key.")
    boolean pq;

    @Override
    public Integer call() {
        String identity = pq ? AgeEncryption.generateHybridIdentity() : AgeEncryption.generateIdentity();
        context.out().println("# created: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        context.out().println("# public key: " + AgeEncryption.recipientOf(identity));
        context.out().println(identity);
        context.out().flush();
        return 0;
    }
}
