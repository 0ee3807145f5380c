package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** The age {@code scrypt} recipient: a passphrase, stretched with scrypt (BouncyCastle), wraps the file key. */
final class ScryptPassphrase {
    static final String TYPE = "scrypt";
    private static final byte[] LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_LEN = 16;

    private ScryptPassphrase() {
    }

    static Stanza wrap(byte[] fileKey, char[] passphrase, int logN, SecureRandom random) {
        byte[] salt = new byte[SALT_LEN];
        random.nextBytes(salt);
        byte[] key = derive(passphrase, salt, logN);
        try {
            return new Stanza(TYPE, List.of(Base64s.encode(salt), Integer.toString(logN)), Aead.wrap(key, fileKey));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * @return the file key, or null when the passphrase is wrong
     * @throws EncryptionException when the stanza is malformed or asks for more work than {@code maxLogN}
     */
    static byte[] unwrap(Stanza stanza, char[] passphrase, int maxLogN) {
        List<String> args = stanza.args();
        byte[] salt = args.size() == 2 ? Base64s.decode(args.get(0)) : null;
        byte[] body = stanza.body();
        if (salt == null || salt.length != SALT_LEN || !args.get(1).matches("[1-9][0-9]{0,1}")
                || body.length != AgeFormat.FILE_KEY_LEN + Aead.TAG_LEN) {
            throw new EncryptionException("snapshot has a malformed age scrypt (passphrase) stanza");
        }
        int logN = Integer.parseInt(args.get(1));
        if (logN > maxLogN) {
            throw new EncryptionException("snapshot's passphrase uses scrypt work factor 2^" + logN
                    + ", above the accepted maximum 2^" + maxLogN);
        }
        long needed = 128L * 8 << logN;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > available) {
            throw new EncryptionException("snapshot's passphrase uses scrypt work factor 2^" + logN + ", which needs "
                    + (needed >> 20) + " MiB of heap; only " + (available >> 20) + " MiB are available");
        }
        byte[] key = derive(passphrase, salt, logN);
        try {
            return Aead.unwrap(key, body);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int logN) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pass = new byte[encoded.remaining()];
        encoded.get(pass);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(pass, X25519Recipient.concat(LABEL, salt), 1 << logN, 8, 1, 32);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }
}
