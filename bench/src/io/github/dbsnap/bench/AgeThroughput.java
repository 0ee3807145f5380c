package io.github.dbsnap.bench;

import io.github.dbsnap.crypto.AgeEncryption;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a file through {@link AgeEncryption}, as {@code age -r KEY} and {@code age -d -i KEYFILE} do,
 * and prints the throughput. Usage: {@code encrypt IN OUT RECIPIENT} or {@code decrypt IN OUT KEYFILE}
 * (the key file as {@code age-keygen} writes it). {@code AGE_PARALLELISM} overrides the default.
 */
public final class AgeThroughput {
    private static final int BUFFER = 256 * 1024;

    private AgeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("encrypt", "decrypt").contains(args[0])) {
            System.err.println("usage: AgeThroughput encrypt IN OUT RECIPIENT | decrypt IN OUT KEYFILE");
            System.exit(2);
        }
        boolean encrypt = args[0].equals("encrypt");
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        AgeEncryption age = encrypt
                ? AgeEncryption.of(List.of(args[3]), List.of(), null)
                : AgeEncryption.of(List.of(), AgeEncryption.identitiesIn(Files.readString(Path.of(args[3]))), null);
        String parallelism = System.getenv("AGE_PARALLELISM");
        if (parallelism != null && !parallelism.isEmpty()) {
            age = age.withParallelism(Integer.parseInt(parallelism));
        }
        long start = System.nanoTime();
        long bytes;
        try (InputStream fileIn = Files.newInputStream(in);
             OutputStream fileOut = Files.newOutputStream(out)) {
            if (encrypt) {
                try (OutputStream sealed = age.encrypt(fileOut)) {
                    bytes = copy(fileIn, sealed);
                }
            } else {
                try (InputStream opened = age.decrypt(fileIn)) {
                    bytes = copy(opened, fileOut);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s %d bytes in %.2f s: %.0f MB/s (parallelism %d, %s)%n", args[0], bytes, seconds,
                bytes / seconds / 1e6, age.parallelism(), Runtime.version());
    }

    private static long copy(InputStream in, OutputStream out) throws Exception {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }
}
