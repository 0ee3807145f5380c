package io.github.dbsnap.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs typage, the age-encryption npm package (a second, independent age implementation), through
 * {@code src/test/typage/age.mjs}; {@code npm ci} in that folder installs it (.ci/run does).
 */
final class Typage {
    static final Path HOME = Path.of("src/test/typage").toAbsolutePath();
    private final Path dir;

    Typage(Path dir) {
        this.dir = dir;
        assertThat(HOME.resolve("node_modules/age-encryption/package.json"))
                .as("typage is installed; run 'npm ci' in %s", HOME).exists();
    }

    /** @return the identity and its recipient */
    List<String> keygen(boolean pq) throws Exception {
        Path out = run(new byte[0], pq ? List.of("keygen", "--pq") : List.of("keygen"));
        return Files.readAllLines(out);
    }

    byte[] encrypt(byte[] plain, boolean armor, List<String> recipients) throws Exception {
        List<String> args = new ArrayList<>(List.of("encrypt"));
        if (armor) {
            args.add("--armor");
        }
        recipients.forEach(r -> args.addAll(List.of("--recipient", r)));
        return Files.readAllBytes(run(plain, args));
    }

    byte[] encryptWithPassphrase(byte[] plain, String passphrase) throws Exception {
        return Files.readAllBytes(run(plain, List.of("encrypt", "--passphrase", passphrase)));
    }

    byte[] decrypt(byte[] file, List<String> identities) throws Exception {
        List<String> args = new ArrayList<>(List.of("decrypt"));
        identities.forEach(i -> args.addAll(List.of("--identity", i)));
        return Files.readAllBytes(run(file, args));
    }

    byte[] decryptWithPassphrase(byte[] file, String passphrase) throws Exception {
        return Files.readAllBytes(run(file, List.of("decrypt", "--passphrase", passphrase)));
    }

    private Path run(byte[] input, List<String> args) throws IOException, InterruptedException {
        Path in = Files.write(Files.createTempFile(dir, "in", ".bin"), input);
        Path out = Files.createTempFile(dir, "out", ".bin");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> cmd = new ArrayList<>(List.of("node", HOME.resolve("age.mjs").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node age.mjs %s finished", args.get(0)).isTrue();
        assertThat(p.exitValue()).as("node age.mjs %s exit status; stderr: %s", args.get(0), Files.readString(err))
                .isZero();
        return out;
    }
}
