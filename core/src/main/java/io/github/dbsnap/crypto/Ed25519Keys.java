package io.github.dbsnap.crypto;

import io.github.dbsnap.internal.Hex;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ed25519 keys as the standard tools write them: PEM PKCS#8 private keys ({@code openssl genpkey
 * -algorithm ed25519}), PEM X.509 public keys ({@code openssl pkey -pubout}), or the bare base64 body of either.
 * Parse failures never quote the text, which may be a secret.
 */
final class Ed25519Keys {
    static final String ALGORITHM = "Ed25519";
    /** SubjectPublicKeyInfo for id-Ed25519 (1.3.101.112) up to the 32 raw key bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Ed25519Keys() {
    }

    /** @throws IllegalArgumentException without the key text when it is not an Ed25519 PKCS#8 private key */
    static PrivateKey privateKey(String text) {
        List<byte[]> bodies = bodies(text, "PRIVATE KEY");
        if (bodies.size() != 1) {
            throw new IllegalArgumentException("expected one PEM 'PRIVATE KEY' block or its base64 body");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(bodies.get(0)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key");
        }
    }

    /**
     * @param text one or more PEM 'PUBLIC KEY' blocks, or base64 bodies separated by commas or white space
     * @throws IllegalArgumentException when one is not an Ed25519 X.509 public key
     */
    static List<PublicKey> publicKeys(String text) {
        List<PublicKey> out = new ArrayList<>();
        for (byte[] der : bodies(text, "PUBLIC KEY")) {
            try {
                out.add(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("public key #" + (out.size() + 1) + " is not an Ed25519 X.509 public key");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no public key found");
        }
        return out;
    }

    /** @return the public key of a private key (the JDK cannot derive it; BouncyCastle does) */
    static PublicKey publicKeyOf(PrivateKey key) {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key's bytes are not available"));
        byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        java.util.Arrays.fill(seed, (byte) 0);
        byte[] der = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("its public key could not be derived");
        }
    }

    /** @return a short fingerprint naming a public key: the first 8 bytes of SHA-256 of its X.509 encoding, in hex */
    static String id(PublicKey key) {
        return Hex.of(Hex.sha256().digest(key.getEncoded())).substring(0, 16);
    }

    private static List<byte[]> bodies(String text, String label) {
        List<byte[]> out = new ArrayList<>();
        String s = text.strip();
        if (s.contains("-----BEGIN")) {
            Matcher m = PEM.matcher(s);
            int end = 0;
            while (m.find()) {
                if (!s.substring(end, m.start()).isBlank() && !s.substring(end, m.start()).strip().equals(",")) {
                    throw new IllegalArgumentException("text outside the PEM blocks");
                }
                if (!m.group(1).equals(label)) {
                    throw new IllegalArgumentException("a PEM '" + m.group(1) + "' block where a '" + label + "' was expected");
                }
                out.add(decode(m.group(2).replaceAll("\\s", "")));
                end = m.end();
            }
            if (out.isEmpty() || !s.substring(end).isBlank()) {
                throw new IllegalArgumentException("malformed PEM");
            }
            return out;
        }
        for (String part : s.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(decode(part));
            }
        }
        return out;
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
    }
}
