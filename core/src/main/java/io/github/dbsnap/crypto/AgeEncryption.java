package io.github.dbsnap.crypto;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.EncryptionException;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The age (age-encryption.org/v1) layer of a snapshot: who it is encrypted to and what can decrypt it.
 * Files it writes decrypt with the {@code age} command-line tool, and it decrypts what {@code age} writes: the
 * hybrid post-quantum ({@code age1pq1…}, ML-KEM-768 + X25519), X25519 ({@code age1…}) and passphrase recipient
 * types of age 1.3, binary or ASCII-armored (detected); no plugins.
 *
 * <p>Encryption is to every recipient plus the public key of every identity, so a service configured with only
 * an identity can read back its own snapshots. A file is encrypted to one kind of key only: post-quantum when the
 * recipients are (or, without recipients, when an identity is), and identities of the other kind then only
 * decrypt; recipients of both kinds are refused, because the age spec says a file should not mix them. The age format
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

    private final List<AgeRecipient> recipients;
    private final List<AgeIdentity> identities;
    private final char[] passphrase;
    private final int scryptLogN;
    private final int parallelism;
    private final boolean armor;

    private AgeEncryption(List<AgeRecipient> recipients, List<AgeIdentity> identities, char[] passphrase,
                          int scryptLogN, int parallelism, boolean armor) {
        this.recipients = List.copyOf(recipients);
        this.identities = List.copyOf(identities);
        this.passphrase = passphrase;
        this.scryptLogN = scryptLogN;
        this.parallelism = parallelism;
        this.armor = armor;
    }

    /**
     * Parses and validates keys.
     *
     * @param recipients {@code age1pq1…} or {@code age1…} public keys to encrypt to; not null, may be empty
     * @param identities {@code AGE-SECRET-KEY-PQ-1…} or {@code AGE-SECRET-KEY-1…} keys to decrypt with (their
     *                   public keys are recipients too, see the class comment); not null, may be empty
     * @param passphrase a passphrase (scrypt recipient), or null; copied, so the caller may clear its array
     * @throws ConfigurationException listing every malformed key (a recipient is shown, an identity never), an
     *                                empty passphrase, or recipients that mix post-quantum and X25519 keys
     */
    public static AgeEncryption of(List<String> recipients, List<String> identities, char[] passphrase) {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(identities, "identities");
        AgeKeys.Parsed parsed = AgeKeys.parse(recipients, identities);
        List<String> problems = new ArrayList<>(parsed.problems());
        if (passphrase != null && passphrase.length == 0) {
            problems.add("age passphrase is empty");
        }
        if (!problems.isEmpty()) {
            parsed.identities().forEach(AgeIdentity::destroy);
            throw new ConfigurationException(problems);
        }
        return new AgeEncryption(parsed.encryptTo(), parsed.identities(), passphrase == null ? null : passphrase.clone(),
                AgeFormat.DEFAULT_SCRYPT_LOG_N, ChunkWorkers.DEFAULT_PARALLELISM, false);
    }

    /**
     * Generates a new X25519 identity, as {@code age-keygen} does.
     *
     * @return an {@code AGE-SECRET-KEY-1…} string; the caller must keep it secret
     */
    public static String generateIdentity() {
        return generate(X25519Identity::of);
    }

    /**
     * Generates a new hybrid post-quantum (ML-KEM-768 + X25519) identity, as {@code age-keygen -pq} does.
     *
     * @return an {@code AGE-SECRET-KEY-PQ-1…} string; the caller must keep it secret
     */
    public static String generateHybridIdentity() {
        return generate(HybridIdentity::of);
    }

    private static String generate(java.util.function.Function<byte[], AgeIdentity> kind) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        AgeIdentity id = kind.apply(secret);
        Arrays.fill(secret, (byte) 0);
        String encoded = id.encode();
        id.destroy();
        return encoded;
    }

    /**
     * @param identity an {@code AGE-SECRET-KEY-PQ-1…} or {@code AGE-SECRET-KEY-1…} identity
     * @return its {@code age1pq1…} or {@code age1…} public key
     * @throws ConfigurationException when it is not a valid identity (the message does not repeat it)
     */
    public static String recipientOf(String identity) {
        try {
            AgeIdentity id = AgeKeys.identity(Objects.requireNonNull(identity, "identity").strip());
            String r = id.recipient().toString();
            id.destroy();
            return r;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("age identity is not a valid AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… key ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * Reads identities from the text of an age identity file (as {@code age-keygen} writes it): one identity per
     * line, blank lines and {@code #} comments ignored. Not validated here; pass the result to {@link #of}.
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
     * @param head the first bytes of a file (64 are enough)
     * @return whether it starts as an age file, binary or ASCII-armored
     */
    public static boolean isEncrypted(byte[] head) {
        byte[] magic = (AgeFormat.VERSION_LINE + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return Armor.startsArmored(head)
                || head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
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
        return new AgeEncryption(recipients, identities, passphrase, logN, parallelism, armor);
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
        return new AgeEncryption(recipients, identities, passphrase, scryptLogN, threads, armor);
    }

    /**
     * @param armored whether files are written ASCII-armored ({@code -----BEGIN AGE ENCRYPTED FILE-----}, a third
     *                larger) instead of binary (default false); decryption detects either
     * @return a copy using it
     */
    public AgeEncryption withArmor(boolean armored) {
        return new AgeEncryption(recipients, identities, passphrase, scryptLogN, parallelism, armored);
    }

    /** @return whether files are written ASCII-armored */
    public boolean armor() {
        return armor;
    }

    /** @return how many payload chunks are sealed or opened at once */
    public int parallelism() {
        return parallelism;
    }

    /** @return the {@code age1pq1…} or {@code age1…} public keys files are encrypted to */
    public List<String> recipients() {
        return recipients.stream().map(AgeRecipient::toString).toList();
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
        checkCanEncrypt();
        OutputStream sink = armor ? new ArmorOutputStream(out) : out;
        byte[] fileKey = new byte[AgeFormat.FILE_KEY_LEN];
        RANDOM.nextBytes(fileKey);
        try {
            writeHeader(sink, fileKey);
            byte[] nonce = new byte[AgeFormat.PAYLOAD_NONCE_LEN];
            RANDOM.nextBytes(nonce);
            sink.write(nonce);
            return new EncryptingOutputStream(sink, AgeFormat.payloadKey(fileKey, nonce), new ChunkWorkers(parallelism));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    private void checkCanEncrypt() {
        if (!canEncrypt()) {
            throw new EncryptionException("no age recipient or passphrase is configured to encrypt to");
        }
    }

    private void writeHeader(OutputStream out, byte[] fileKey) throws IOException {
        try {
            List<Stanza> stanzas = new ArrayList<>();
            if (recipients.isEmpty()) {
                stanzas.add(ScryptPassphrase.wrap(fileKey, passphrase, scryptLogN, RANDOM));
            } else {
                for (AgeRecipient r : recipients) {
                    stanzas.add(r.wrap(fileKey, RANDOM));
                }
            }
            AgeFormat.writeHeader(out, stanzas, fileKey);
        } catch (IllegalArgumentException e) {
            throw new EncryptionException(e.getMessage(), e);
        }
    }

    /**
     * Reads and authenticates the age header of {@code in} (binary or ASCII-armored) and returns a stream of the
     * plaintext. Every 64 KiB chunk is authenticated before any of its bytes is returned; a failed tag or a
     * missing final chunk makes {@code read} throw {@link EncryptionException}.
     *
     * @param in an age file; owned by the returned stream from now on (closing it closes {@code in}); if this
     *           method throws, {@code in} is left open for the caller to close
     * @return a stream for one thread
     * @throws EncryptionException when the header or armor is malformed or over a limit, or no configured identity
     *                             or passphrase opens it (the message says which key is needed)
     * @throws IOException         when reading fails
     */
    public InputStream decrypt(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        Opened opened = open(in);
        try {
            byte[] nonce = opened.rest().readNBytes(AgeFormat.PAYLOAD_NONCE_LEN);
            if (nonce.length < AgeFormat.PAYLOAD_NONCE_LEN) {
                throw new EncryptionException(DecryptingInputStream.TAMPERED + ": the payload nonce is missing");
            }
            return new DecryptingInputStream(opened.rest(), AgeFormat.payloadKey(opened.fileKey(), nonce),
                    new ChunkWorkers(parallelism));
        } finally {
            Arrays.fill(opened.fileKey(), (byte) 0);
        }
    }

    /**
     * Rewrites the header of an age file for the recipients (or passphrase) of {@code to}, without re-encrypting
     * the payload: the file key is unwrapped with this object's identities or passphrase, wrapped anew for
     * {@code to}, and the payload (nonce and chunks) follows byte for byte. The header is read and authenticated
     * before this method returns, so a key that does not open the file fails here, before anything is written.
     * The output is armored when {@code to} armors. Note that the file key stays the same: whoever learned it
     * from the old header can still read the new file (see docs/encryption.md, key rotation).
     *
     * @param in an age file; owned by the returned stream from now on; if this method throws, it is left open
     * @param to the keys to encrypt to
     * @return the new age file, for one thread
     * @throws EncryptionException when the header is malformed, none of these keys opens it, or {@code to} has
     *                             nothing to encrypt to
     * @throws IOException         when reading fails
     */
    public InputStream rekey(InputStream in, AgeEncryption to) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(to, "to");
        to.checkCanEncrypt();
        Opened opened = open(in);
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream(512);
            to.writeHeader(header, opened.fileKey());
            InputStream binary = new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), opened.rest());
            return to.armor ? new ArmoringInputStream(binary) : binary;
        } finally {
            Arrays.fill(opened.fileKey(), (byte) 0);
        }
    }

    /**
     * A new header for the file key of an age file, and how many bytes of that file the old header took: the new
     * file is {@code header} followed by the old file from {@code replacedLength} on.
     *
     * @param header         the new header, binary
     * @param replacedLength the old header's length in bytes
     */
    public record Rewrapped(byte[] header, long replacedLength) {
        /** Copies the header. */
        public Rewrapped {
            header = header.clone();
        }

        @Override
        public byte[] header() {
            return header.clone();
        }
    }

    /**
     * Like {@link #rekey}, but returns only the new header and the old header's length, so that a storage can
     * copy the payload without it passing through here. Reads and authenticates the old header only.
     *
     * @param in an age file; read up to the end of its header (and a buffer beyond); the caller closes it
     * @param to the keys to encrypt to; must not armor
     * @return the new header, or empty when {@code in} is ASCII-armored (its payload bytes change with any
     *         header; use {@link #rekey})
     * @throws EncryptionException when the header is malformed, none of these keys opens it, {@code to} has
     *                             nothing to encrypt to or armors
     * @throws IOException         when reading fails
     */
    public Optional<Rewrapped> rewrapHeader(InputStream in, AgeEncryption to) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(to, "to");
        to.checkCanEncrypt();
        if (to.armor) {
            throw new EncryptionException("an armored file cannot share its payload bytes with a binary one; use rekey");
        }
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 8192);
        if (Armor.detect(buffered)) {
            return Optional.empty();
        }
        io.github.dbsnap.internal.CountingInputStream counted = new io.github.dbsnap.internal.CountingInputStream(buffered, n -> { });
        HeaderReader.Header header = HeaderReader.read(counted);
        byte[] fileKey = AgeFormat.fileKey(header, identities, passphrase, AgeFormat.MAX_SCRYPT_LOG_N);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            to.writeHeader(out, fileKey);
            return Optional.of(new Rewrapped(out.toByteArray(), counted.count()));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    /**
     * Decrypts an age file as {@link #decrypt(InputStream)} does while writing, as the payload is read, the file
     * {@link #rekey(InputStream, AgeEncryption)} would produce to {@code copy}: the header for the recipients (or
     * passphrase) of {@code to}, then the payload byte for byte (ASCII-armored when {@code to} armors). One read
     * both authenticates every chunk and produces the rekeyed copy. The copy is complete once the returned stream
     * was read to its end; closing the returned stream then finishes (armor end line) and closes {@code copy}. A
     * caller that must not let a failed read look like a complete copy fails {@code copy} before closing.
     *
     * @param in   an age file; owned by the returned stream from now on; if this method throws, it is left open
     * @param to   the keys the copy is encrypted to
     * @param copy where the rekeyed file goes; owned by the returned stream from now on
     * @return the plaintext, for one thread
     * @throws EncryptionException as {@link #rekey(InputStream, AgeEncryption)}
     * @throws IOException         when reading or writing fails
     */
    public InputStream decryptCopying(InputStream in, AgeEncryption to, OutputStream copy) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(copy, "copy");
        to.checkCanEncrypt();
        Opened opened = open(in);
        try {
            OutputStream sink = to.armor ? new ArmorOutputStream(copy) : copy;
            to.writeHeader(sink, opened.fileKey());
            InputStream payload = new io.github.dbsnap.internal.TeeInputStream(opened.rest(), sink);
            byte[] nonce = payload.readNBytes(AgeFormat.PAYLOAD_NONCE_LEN);
            if (nonce.length < AgeFormat.PAYLOAD_NONCE_LEN) {
                throw new EncryptionException(DecryptingInputStream.TAMPERED + ": the payload nonce is missing");
            }
            InputStream plain = new DecryptingInputStream(payload, AgeFormat.payloadKey(opened.fileKey(), nonce),
                    new ChunkWorkers(parallelism));
            return new java.io.FilterInputStream(plain) {
                @Override
                public void close() throws IOException {
                    try (sink) {
                        super.close();
                    }
                }
            };
        } finally {
            Arrays.fill(opened.fileKey(), (byte) 0);
        }
    }

    /** A file whose header was read and authenticated: its file key and the stream positioned at the payload. */
    private record Opened(byte[] fileKey, InputStream rest) {
    }

    private Opened open(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 8192);
        InputStream source = Armor.detect(buffered)
                ? new BufferedInputStream(new ArmorInputStream(buffered), 8192) : buffered;
        HeaderReader.Header header = HeaderReader.read(source);
        return new Opened(AgeFormat.fileKey(header, identities, passphrase, AgeFormat.MAX_SCRYPT_LOG_N), source);
    }

    @Override
    public String toString() {
        return "AgeEncryption{recipients=" + recipients.size() + ", identities=" + identities.size()
                + ", passphrase=" + (passphrase != null) + (armor ? ", armor" : "") + "}";
    }
}
