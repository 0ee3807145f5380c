package io.github.dbsnap.crypto;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.EncryptionException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snapshot authentication with Ed25519: who wrote a snapshot, which age alone does not say (anyone with the
 * public key can write a valid age file). The host signs each stored object's SHA-256 and size, together with
 * the object's file name, into a small text sidecar stored beside it; a restoring host that has verification
 * keys refuses a snapshot without a sidecar, or whose sidecar is not signed by one of them.
 *
 * <p>The sidecar, UTF-8, one field per line in this order:
 * <pre>
 * dbsnap-signature/1
 * algorithm: Ed25519
 * key-id: 16 hex digits (first 8 bytes of SHA-256 of the signer's X.509 public key)
 * object: main.tar.zst.age
 * sha256: 64 lowercase hex digits of the whole stored object
 * size: the stored object's size in bytes
 * signature: base64 Ed25519 signature of "dbsnap-signature/1\nobject: …\nsha256: …\nsize: …\n"
 * </pre>
 *
 * <p>Keys are read as {@code openssl genpkey -algorithm ed25519} (PEM PKCS#8) and {@code openssl pkey -pubout}
 * (PEM X.509) write them, or as their bare base64 body. Immutable and thread-safe; {@link #toString()} shows key
 * ids only, and no message ever contains key material.
 */
public final class SnapshotSigning {
    /** The sidecar's first line. */
    public static final String FORMAT = "dbsnap-signature/1";
    /** What is appended to a snapshot's key to name its sidecar. */
    public static final String SUFFIX = ".sig";
    /** Largest sidecar accepted when reading. */
    public static final int MAX_SIDECAR_BYTES = 4096;
    private static final Pattern SIDECAR = Pattern.compile(FORMAT + "\nalgorithm: Ed25519\nkey-id: ([0-9a-f]{16})\n"
            + "object: ([^\\n/]{1,255})\nsha256: ([0-9a-f]{64})\nsize: (0|[1-9][0-9]{0,18})\nsignature: ([A-Za-z0-9+/=]{1,200})\n");

    private final PrivateKey signingKey;
    private final String signingKeyId;
    private final Map<String, PublicKey> verifyKeys;

    private SnapshotSigning(PrivateKey signingKey, String signingKeyId, Map<String, PublicKey> verifyKeys) {
        this.signingKey = signingKey;
        this.signingKeyId = signingKeyId;
        this.verifyKeys = Map.copyOf(verifyKeys);
    }

    /**
     * @param signingKey an Ed25519 private key (PEM PKCS#8 or its base64 body) to sign with, or null
     * @param verifyKeys Ed25519 public keys (PEM X.509 or base64 bodies; several per string allowed) a snapshot
     *                   must be signed by; not null, may be empty (then nothing is checked)
     * @throws ConfigurationException listing every key that does not parse, never quoting it
     */
    public static SnapshotSigning of(String signingKey, List<String> verifyKeys) {
        Objects.requireNonNull(verifyKeys, "verifyKeys");
        List<String> problems = new ArrayList<>();
        PrivateKey priv = null;
        String id = null;
        if (signingKey != null) {
            try {
                priv = Ed25519Keys.privateKey(signingKey);
                id = Ed25519Keys.id(Ed25519Keys.publicKeyOf(priv));
            } catch (IllegalArgumentException e) {
                problems.add("signing key: " + e.getMessage());
            }
        }
        Map<String, PublicKey> verify = new LinkedHashMap<>();
        for (int i = 0; i < verifyKeys.size(); i++) {
            try {
                Ed25519Keys.publicKeys(verifyKeys.get(i)).forEach(k -> verify.put(Ed25519Keys.id(k), k));
            } catch (IllegalArgumentException e) {
                problems.add("verification key setting #" + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SnapshotSigning(priv, id, verify);
    }

    /**
     * @param privateKey an Ed25519 private key (PEM PKCS#8 or its base64 body)
     * @return its public key as PEM X.509, as {@code openssl pkey -pubout} prints it
     * @throws ConfigurationException when it does not parse (the message does not quote it)
     */
    public static String publicKeyOf(String privateKey) {
        try {
            return pem("PUBLIC KEY", Ed25519Keys.publicKeyOf(Ed25519Keys.privateKey(privateKey)).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("signing key: " + e.getMessage());
        }
    }

    /** @return the id of the signing key, as written into sidecars ({@code key-id}) */
    public Optional<String> signingKeyId() {
        return Optional.ofNullable(signingKeyId);
    }

    /** @return whether snapshots are signed */
    public boolean signs() {
        return signingKey != null;
    }

    /** @return whether snapshots must carry a valid signature by one of the verification keys to be read */
    public boolean verifies() {
        return !verifyKeys.isEmpty();
    }

    /**
     * @param objectName the snapshot's file name (last part of its key), e.g. {@code main.tar.zst.age}
     * @param sha256     lowercase hex SHA-256 of every stored byte
     * @param size       stored size in bytes
     * @return the sidecar text
     * @throws IllegalStateException when no signing key is configured
     */
    public String sidecar(String objectName, String sha256, long size) {
        if (signingKey == null) {
            throw new IllegalStateException("no signing key configured");
        }
        byte[] sig = sign(signingKey, message(objectName, sha256, size));
        return FORMAT + "\nalgorithm: Ed25519\nkey-id: " + signingKeyId + "\nobject: " + objectName + "\nsha256: " + sha256
                + "\nsize: " + size + "\nsignature: " + Base64.getEncoder().encodeToString(sig) + "\n";
    }

    /**
     * Checks a sidecar against the verification keys and the object it should describe.
     *
     * @param objectName the file name of the object being read
     * @param sidecar    the sidecar's text
     * @return what it vouches for
     * @throws EncryptionException when it is malformed, names another object, names an unknown key or its
     *                             signature does not verify
     */
    public Signed check(String objectName, String sidecar) {
        Matcher m = SIDECAR.matcher(sidecar);
        if (!m.matches()) {
            throw new EncryptionException("signature of snapshot '" + objectName + "' is malformed");
        }
        if (!m.group(2).equals(objectName)) {
            throw new EncryptionException("signature of snapshot '" + objectName + "' was made for another object ('"
                    + m.group(2) + "')");
        }
        PublicKey key = verifyKeys.get(m.group(1));
        if (key == null) {
            throw new EncryptionException("snapshot '" + objectName + "' is signed by key " + m.group(1)
                    + ", which is not a configured verification key (SNAPSHOTS_VERIFY_KEY has " + verifyKeys.keySet() + ")");
        }
        long size = Long.parseLong(m.group(4));
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            throw new EncryptionException("signature of snapshot '" + objectName + "' is malformed");
        }
        if (!verifies(key, message(objectName, m.group(3), size), sig)) {
            throw new EncryptionException("snapshot '" + objectName + "' has a signature that does not verify with key "
                    + m.group(1) + " (tampered, or not signed by that key)");
        }
        return new Signed(objectName, m.group(3), size, m.group(1));
    }

    /**
     * What a verified sidecar vouches for.
     *
     * @param objectName the object's file name
     * @param sha256     lowercase hex SHA-256 the stored object must have
     * @param size       size in bytes the stored object must have
     * @param keyId      the key that signed it
     */
    public record Signed(String objectName, String sha256, long size, String keyId) {
    }

    /** A new Ed25519 key pair as PEM text, as {@code openssl genpkey} and {@code openssl pkey -pubout} write it. */
    public record PemKeyPair(String privateKey, String publicKey) {
        @Override
        public String toString() {
            return "PemKeyPair{publicKey=" + publicKey.strip().replace('\n', ' ') + "}";
        }
    }

    /** @return a new key pair; the caller keeps the private key secret */
    public static PemKeyPair generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM).generateKeyPair();
            return new PemKeyPair(pem("PRIVATE KEY", kp.getPrivate().getEncoded()), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] message(String objectName, String sha256, long size) {
        return (FORMAT + "\nobject: " + objectName + "\nsha256: " + sha256 + "\nsize: " + size + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("signing failed: " + e.getClass().getSimpleName());
        }
    }

    private static boolean verifies(PublicKey key, byte[] message, byte[] sig) {
        try {
            Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SnapshotSigning{signingKey=" + (signingKeyId == null ? "none" : signingKeyId)
                + ", verifyKeys=" + verifyKeys.keySet() + "}";
    }
}
