package io.github.dbsnap.crypto;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.EncryptionException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The age (age-encryption.org/v1) layer of a snapshot: who it is encrypted to and what can decrypt it.
 * Files it writes decrypt with the {@code age} command-line tool, and it decrypts what {@code age} writes
 * (X25519 and passphrase recipients; no plugins, no ASCII armor).
 *
 * <p>Encryption is to every {@code age1…} recipient plus the public key of every {@code AGE-SECRET-KEY-1…}
 * identity, so a service configured with only an identity can read back its own snapshots. The age format
 * requires a passphrase (scrypt) stanza to be the only one in a file, so a passphrase is used for encryption
 * only when no key is configured; when keys and a passphrase are both configured, files are encrypted to the
 * keys and the passphrase serves to decrypt older, passphrase-encrypted snapshots.
 *
 * <p>Decryption accepts headers up to 64 KiB with at most 64 recipient stanzas and scrypt work factors up to
 * 2<sup>20</sup>; anything else fails with {@link EncryptionException}.
 *
 * <p>Immutable and thread-safe; each stream it returns is for one thread. Parsed key material stays in memory for
 * the life of this object; per-file keys are zeroed when their stream closes. {@link #toString()} never shows key
 * material. Payload chunks are sealed and opened with the JDK's {@code ChaCha20-Poly1305} cipher, on up to
 * {@link #parallelism()} threads.
 */
public final class AgeEncryption {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<X25519Recipient> recipients;
    private final List<X25519Identity> identities;
    private final char[] passphrase;
    private final int scryptLogN;
    private final int parallelism;

    private AgeEncryption(List<X25519Recipient> recipients, List<X25519Identity> identities, char[] passphrase,
                          int scryptLogN, int parallelism) {
        this.recipients = List.copyOf(recipients);
        this.identities = List.copyOf(identities);
        this.passphrase = passphrase;
        this.scryptLogN = scryptLogN;
        this.parallelism = parallelism;
    }

    /**
     * Parses and validates keys.
     *
     * @param recipients {@code age1…} public keys to encrypt to; not null, may be empty
     * @param identities {@code AGE-SECRET-KEY-1…} keys to decrypt with (their public keys are recipients too);
     *                   not null, may be empty
     * @param passphrase a passphrase (scrypt recipient), or null; copied, so the caller may clear its array
     * @throws ConfigurationException listing every malformed key (a recipient is shown, an identity never) or an
     *                                empty passphrase
     */
    public static AgeEncryption of(List<String> recipients, List<String> identities, char[] passphrase) {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(identities, "identities");
        List<String> problems = new ArrayList<>();
        Set<X25519Recipient> to = new LinkedHashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            String r = Objects.requireNonNull(recipients.get(i), "recipient").strip();
            try {
                to.add(X25519Recipient.parse(r));
            } catch (IllegalArgumentException e) {
                problems.add("age recipient #" + (i + 1) + describe(r) + " is not a valid age1… public key ("
                        + e.getMessage() + ")");
            }
        }
        List<X25519Identity> ids = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            String id = Objects.requireNonNull(identities.get(i), "identity").strip();
            try {
                X25519Identity parsed = X25519Identity.parse(id);
                ids.add(parsed);
                to.add(parsed.recipient());
            } catch (IllegalArgumentException e) {
                problems.add("age identity #" + (i + 1) + " is not a valid AGE-SECRET-KEY-1… key (" + e.getMessage()
                        + ")");
            }
        }
        if (passphrase != null && passphrase.length == 0) {
            problems.add("age passphrase is empty");
        }
        if (!problems.isEmpty()) {
            ids.forEach(X25519Identity::destroy);
            throw new ConfigurationException(problems);
        }
        return new AgeEncryption(new ArrayList<>(to), ids, passphrase == null ? null : passphrase.clone(),
                AgeFormat.DEFAULT_SCRYPT_LOG_N, ChunkWorkers.DEFAULT_PARALLELISM);
    }

    /** Shows a bad recipient only when it looks like one, so a secret pasted into the wrong setting is not echoed. */
    private static String describe(String r) {
        if (r.toUpperCase(java.util.Locale.ROOT).startsWith("AGE-SECRET-KEY-")) {
            return " (which looks like an AGE-SECRET-KEY-1… identity; configure it as an identity)";
        }
        return r.startsWith("age1") && r.length() <= 100 && r.chars().allMatch(c -> c > 32 && c < 127)
                ? " '" + r + "'" : "";
    }

    /**
     * Generates a new X25519 identity, as {@code age-keygen} does.
     *
     * @return an {@code AGE-SECRET-KEY-1…} string; the caller must keep it secret
     */
    public static String generateIdentity() {
        byte[] scalar = new byte[32];
        RANDOM.nextBytes(scalar);
        X25519Identity id = X25519Identity.of(scalar);
        Arrays.fill(scalar, (byte) 0);
        String encoded = id.encode();
        id.destroy();
        return encoded;
    }

    /**
     * @param identity an {@code AGE-SECRET-KEY-1…} identity
     * @return its {@code age1…} public key
     * @throws ConfigurationException when it is not a valid identity (the message does not repeat it)
     */
    public static String recipientOf(String identity) {
        try {
            X25519Identity id = X25519Identity.parse(Objects.requireNonNull(identity, "identity").strip());
            String r = id.recipient().toString();
            id.destroy();
            return r;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("age identity is not a valid AGE-SECRET-KEY-1… key (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads identities from the text of an age identity file (as {@code age-keygen} writes it): one
     * {@code AGE-SECRET-KEY-1…} per line, blank lines and {@code #} comments ignored. Not validated here;
     * pass the result to {@link #of}.
     *
     * @param text file contents; not null
     * @return the identity lines, in order
     */
    public static List<String> identitiesIn(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param logN scrypt work factor exponent for passphrase-encrypted files, 1 to 20 (default 18, as age uses)
     * @return a copy using it
     */
    public AgeEncryption withScryptWorkFactor(int logN) {
        if (logN < 1 || logN > AgeFormat.MAX_SCRYPT_LOG_N) {
            throw new ConfigurationException("age scrypt work factor must be between 1 and "
                    + AgeFormat.MAX_SCRYPT_LOG_N + ", was " + logN);
        }
        return new AgeEncryption(recipients, identities, passphrase, logN, parallelism);
    }

    /**
     * @param threads how many payload chunks to seal or open at once; 1 works on the calling thread only
     *                (default: the number of processors, at most 4)
     * @return a copy using it
     */
    public AgeEncryption withParallelism(int threads) {
        if (threads < 1 || threads > 64) {
            throw new ConfigurationException("age parallelism must be between 1 and 64, was " + threads);
        }
        return new AgeEncryption(recipients, identities, passphrase, scryptLogN, threads);
    }

    /** @return how many payload chunks are sealed or opened at once */
    public int parallelism() {
        return parallelism;
    }

    /** @return the {@code age1…} public keys files are encrypted to (recipients and those of the identities) */
    public List<String> recipients() {
        return recipients.stream().map(X25519Recipient::toString).toList();
    }

    /** @return whether snapshots can be encrypted with these keys */
    public boolean canEncrypt() {
        return !recipients.isEmpty() || passphrase != null;
    }

    /** @return whether snapshots can be decrypted with these keys */
    public boolean canDecrypt() {
        return !identities.isEmpty() || passphrase != null;
    }

    /**
     * Writes the age header to {@code out} and returns a stream that encrypts into it. Closing the returned
     * stream writes the final chunk and closes {@code out}; a stream that is not closed is not a valid age file.
     *
     * @param out where the age file goes; owned by the returned stream from now on
     * @return a stream for one thread
     * @throws EncryptionException when there is nothing to encrypt to
     * @throws IOException         when writing the header fails
     */
    public OutputStream encrypt(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (!canEncrypt()) {
            throw new EncryptionException("no age recipient or passphrase is configured to encrypt to");
        }
        byte[] fileKey = new byte[AgeFormat.FILE_KEY_LEN];
        RANDOM.nextBytes(fileKey);
        try {
            List<Stanza> stanzas = new ArrayList<>();
            if (recipients.isEmpty()) {
                stanzas.add(ScryptPassphrase.wrap(fileKey, passphrase, scryptLogN, RANDOM));
            } else {
                for (X25519Recipient r : recipients) {
                    stanzas.add(r.wrap(fileKey, RANDOM));
                }
            }
            AgeFormat.writeHeader(out, stanzas, fileKey);
            byte[] nonce = new byte[AgeFormat.PAYLOAD_NONCE_LEN];
            RANDOM.nextBytes(nonce);
            out.write(nonce);
            return new EncryptingOutputStream(out, AgeFormat.payloadKey(fileKey, nonce), new ChunkWorkers(parallelism));
        } catch (IllegalArgumentException e) {
            throw new EncryptionException(e.getMessage(), e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    /**
     * Reads and authenticates the age header of {@code in} and returns a stream of the plaintext. Every 64 KiB
     * chunk is authenticated before any of its bytes is returned; a failed tag or a missing final chunk makes
     * {@code read} throw {@link EncryptionException}.
     *
     * @param in an age file; owned by the returned stream from now on (closing it closes {@code in}); if this
     *           method throws, {@code in} is left open for the caller to close
     * @return a stream for one thread
     * @throws EncryptionException when the header is malformed or over a limit, or no configured identity or
     *                             passphrase opens it (the message says which key is needed)
     * @throws IOException         when reading fails
     */
    public InputStream decrypt(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 8192);
        HeaderReader.Header header = HeaderReader.read(buffered);
        byte[] fileKey = AgeFormat.fileKey(header, identities, passphrase, AgeFormat.MAX_SCRYPT_LOG_N);
        try {
            byte[] nonce = buffered.readNBytes(AgeFormat.PAYLOAD_NONCE_LEN);
            if (nonce.length < AgeFormat.PAYLOAD_NONCE_LEN) {
                throw new EncryptionException(DecryptingInputStream.TAMPERED + ": the payload nonce is missing");
            }
            return new DecryptingInputStream(buffered, AgeFormat.payloadKey(fileKey, nonce),
                    new ChunkWorkers(parallelism));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "AgeEncryption{recipients=" + recipients.size() + ", identities=" + identities.size()
                + ", passphrase=" + (passphrase != null) + "}";
    }
}
