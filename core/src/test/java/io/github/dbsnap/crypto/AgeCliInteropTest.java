package io.github.dbsnap.crypto;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;

/** Interoperability with the real {@code age} command (Debian package {@code age}, which CI installs). */
class AgeCliInteropTest {
    private static final int SIZE = 200_000; // three chunks, the last one partial

    @TempDir
    Path dir;

    @Test
    @DisplayName("age -d -i decrypts what AgeEncryption encrypts to an X25519 recipient")
    void ageDecryptsOurFiles() throws Exception {
        String id = AgeEncryption.generateIdentity();
        Path key = Files.writeString(dir.resolve("key.txt"), id + "\n");
        byte[] plain = data(SIZE, 1);
        Path file = Files.write(dir.resolve("a.age"), encrypt(AgeTesting.recipients(AgeEncryption.recipientOf(id)), plain));
        assertThat(run(null, "age", "-d", "-i", key.toString(), "-o", dir.resolve("a.out").toString(), file.toString()))
                .isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("a.out"))).isEqualTo(plain);
    }

    @Test
    @DisplayName("AgeEncryption decrypts what age -r encrypts, with several -r, and age-keygen keys match ours")
    void weDecryptAgeFiles() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of("age"));
        for (int i = 0; i < 3; i++) {
            Path key = dir.resolve("k" + i);
            run(null, "age-keygen", "-o", key.toString());
            String id = AgeEncryption.identitiesIn(Files.readString(key)).get(0);
            String recipient = run(null, "age-keygen", "-y", key.toString()).strip();
            assertThat(AgeEncryption.recipientOf(id)).isEqualTo(recipient);
            ids.add(id);
            cmd.addAll(List.of("-r", recipient));
        }
        byte[] plain = data(SIZE, 2);
        Path in = Files.write(dir.resolve("plain"), plain);
        Path out = dir.resolve("b.age");
        cmd.addAll(List.of("-o", out.toString(), in.toString()));
        run(null, cmd.toArray(String[]::new));
        for (String id : ids) {
            assertThat(decrypt(AgeTesting.identity(id), Files.readAllBytes(out))).isEqualTo(plain);
        }
    }

    @Test
    @DisplayName("ASCII-armored files interoperate with age -a both ways, and age -d reads a rekeyed file")
    void armorAndRekeyInterop() throws Exception {
        String id = AgeEncryption.generateIdentity();
        Path key = Files.writeString(dir.resolve("key.txt"), id + "\n");
        byte[] plain = data(SIZE, 4);
        Path ours = Files.write(dir.resolve("a.age"), encrypt(AgeTesting.identity(id).withArmor(true), plain));
        run(null, "age", "-d", "-i", key.toString(), "-o", dir.resolve("a.out").toString(), ours.toString());
        assertThat(Files.readAllBytes(dir.resolve("a.out"))).isEqualTo(plain);
        Path in = Files.write(dir.resolve("plain"), plain);
        Path theirs = dir.resolve("t.age");
        run(null, "age", "-a", "-r", AgeEncryption.recipientOf(id), "-o", theirs.toString(), in.toString());
        assertThat(Files.readString(theirs)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n");
        assertThat(decrypt(AgeTesting.identity(id), Files.readAllBytes(theirs))).isEqualTo(plain);

        String next = AgeEncryption.generateIdentity();
        Path nextKey = Files.writeString(dir.resolve("next.txt"), next + "\n");
        Path rekeyed = dir.resolve("r.age");
        try (var src = Files.newInputStream(theirs);
             var out = AgeTesting.identity(id).rekey(src, AgeTesting.recipients(AgeEncryption.recipientOf(next)))) {
            Files.copy(out, rekeyed);
        }
        run(null, "age", "-d", "-i", nextKey.toString(), "-o", dir.resolve("r.out").toString(), rekeyed.toString());
        assertThat(Files.readAllBytes(dir.resolve("r.out"))).isEqualTo(plain);
    }

    @Test
    @DisplayName("an empty file round trips through age in both directions")
    void emptyFile() throws Exception {
        String id = AgeEncryption.generateIdentity();
        Path key = Files.writeString(dir.resolve("key.txt"), id + "\n");
        Path ours = Files.write(dir.resolve("ours.age"), encrypt(AgeTesting.identity(id), new byte[0]));
        // age creates -o lazily, so read stdout (merged with stderr: nothing at all is expected)
        assertThat(run(null, "age", "-d", "-i", key.toString(), ours.toString())).isEmpty();
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path theirs = dir.resolve("theirs.age");
        run(null, "age", "-r", AgeEncryption.recipientOf(id), "-o", theirs.toString(), empty.toString());
        assertThat(decrypt(AgeTesting.identity(id), Files.readAllBytes(theirs))).isEmpty();
    }

    @Test
    @DisplayName("passphrase files interoperate both ways (age's prompt driven through a pty by script(1))")
    void passphraseInterop() throws Exception {
        String pass = "tr0ub4dor & 3";
        byte[] plain = data(SIZE, 3);
        Path ours = Files.write(dir.resolve("p.age"), encrypt(AgeTesting.passphrase(pass), plain));
        Path decrypted = dir.resolve("p.out");
        tty(pass + "\n", "age -d -o " + decrypted + " " + ours);
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(plain);

        Path in = Files.write(dir.resolve("plain"), plain);
        Path theirs = dir.resolve("q.age");
        tty(pass + "\n" + pass + "\n", "age -p -o " + theirs + " " + in);
        // age uses work factor 2^18 (256 MiB for scrypt), inside our 2^20 limit
        AgeEncryption mine = AgeEncryption.of(List.of(), List.of(), pass.toCharArray());
        assertThat(decrypt(mine, Files.readAllBytes(theirs))).isEqualTo(plain);
    }

    /** age reads passphrases from the terminal only; script(1) gives it one fed from our stdin. */
    private void tty(String input, String command) throws Exception {
        run(input, "script", "-qec", command, "/dev/null");
    }

    private String run(String input, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (input != null) {
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", cmd)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as("%s exit status; output: %s", String.join(" ", cmd), output).isZero();
        return output;
    }
}
