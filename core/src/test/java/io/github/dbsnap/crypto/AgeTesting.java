package io.github.dbsnap.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;

/** Shared helpers for the age tests: in-memory encrypt/decrypt and deterministic data. */
final class AgeTesting {
    static final int CHUNK = 64 * 1024;

    private AgeTesting() {
    }

    static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] encrypt(AgeEncryption age, byte[] plain) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(plain.length + 1024);
        try (OutputStream out = age.encrypt(sink)) {
            // odd write sizes, so chunk boundaries fall inside writes
            int off = 0;
            int step = 1;
            while (off < plain.length) {
                int n = Math.min(step, plain.length - off);
                out.write(plain, off, n);
                off += n;
                step = step * 3 + 1 > 200_000 ? 7 : step * 3 + 1;
            }
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(AgeEncryption age, byte[] file) throws IOException {
        try (InputStream in = age.decrypt(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static AgeEncryption recipients(String... r) {
        return AgeEncryption.of(List.of(r), List.of(), null);
    }

    static AgeEncryption identity(String id) {
        return AgeEncryption.of(List.of(), List.of(id), null);
    }

    static AgeEncryption passphrase(String p) {
        return AgeEncryption.of(List.of(), List.of(), p.toCharArray()).withScryptWorkFactor(10);
    }
}
