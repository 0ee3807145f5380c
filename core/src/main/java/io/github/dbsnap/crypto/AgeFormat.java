package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Constants, limits and header logic of age-encryption.org/v1. */
final class AgeFormat {
    static final String VERSION_LINE = "age-encryption.org/v1";
    static final int FILE_KEY_LEN = 16;
    static final int PAYLOAD_NONCE_LEN = 16;
    static final int CHUNK = 64 * 1024;
    /** Decryption limits against hostile input; see docs/encryption.md. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_STANZAS = 64;
    static final int MAX_SCRYPT_LOG_N = 20;
    /** age's own default for new passphrase-encrypted files. */
    static final int DEFAULT_SCRYPT_LOG_N = 18;

    private AgeFormat() {
    }

    /** Writes the header for {@code stanzas}, authenticated with a MAC keyed from {@code fileKey}. */
    static void writeHeader(OutputStream out, List<Stanza> stanzas, byte[] fileKey) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream(256);
        ascii(h, VERSION_LINE + "\n");
        for (Stanza s : stanzas) {
            ascii(h, "-> " + s.type() + (s.args().isEmpty() ? "" : " " + String.join(" ", s.args())) + "\n");
            String body = Base64s.encode(s.body());
            for (int i = 0; i <= body.length(); i += 64) {
                ascii(h, body.substring(i, Math.min(body.length(), i + 64)) + "\n");
            }
        }
        ascii(h, "---");
        byte[] mac = headerMac(fileKey, h.toByteArray());
        ascii(h, " " + Base64s.encode(mac) + "\n");
        h.writeTo(out);
    }

    /**
     * Finds the file key with the configured identities or passphrase and checks the header MAC.
     *
     * @throws EncryptionException naming which key is needed, never a key itself
     */
    static byte[] fileKey(HeaderReader.Header header, List<X25519Identity> identities, char[] passphrase,
                          int maxLogN) {
        List<Stanza> stanzas = header.stanzas();
        boolean scrypt = stanzas.stream().anyMatch(s -> s.type().equals(ScryptPassphrase.TYPE));
        byte[] fileKey = null;
        if (scrypt) {
            if (stanzas.size() != 1) {
                throw new EncryptionException("snapshot's age header is malformed: a scrypt stanza must be the only one");
            }
            if (passphrase == null) {
                throw new EncryptionException("snapshot is encrypted with a passphrase and no passphrase is configured");
            }
            fileKey = ScryptPassphrase.unwrap(stanzas.get(0), passphrase, maxLogN);
            if (fileKey == null) {
                throw new EncryptionException("wrong passphrase: the configured passphrase does not decrypt this snapshot");
            }
        } else {
            for (Stanza s : stanzas) {
                if (!s.type().equals(X25519Recipient.TYPE)) {
                    continue; // other recipient types (plugins, grease) are skipped, as the spec requires
                }
                for (X25519Identity id : identities) {
                    fileKey = id.unwrap(s);
                    if (fileKey != null) {
                        break;
                    }
                }
                if (fileKey != null) {
                    break;
                }
            }
            if (fileKey == null) {
                throw noMatch(stanzas, identities);
            }
        }
        byte[] expected = headerMac(fileKey, header.macInput());
        if (!MessageDigest.isEqual(expected, header.mac())) {
            Arrays.fill(fileKey, (byte) 0);
            throw new EncryptionException("snapshot failed age authentication: the header MAC does not match (tampered)");
        }
        return fileKey;
    }

    private static EncryptionException noMatch(List<Stanza> stanzas, List<X25519Identity> identities) {
        long x25519 = stanzas.stream().filter(s -> s.type().equals(X25519Recipient.TYPE)).count();
        if (x25519 == 0) {
            String types = stanzas.stream().map(Stanza::type).distinct().collect(Collectors.joining(", "));
            return new EncryptionException("snapshot is encrypted to age recipient types this reader does not support: "
                    + types);
        }
        if (identities.isEmpty()) {
            return new EncryptionException("snapshot is encrypted to " + x25519 + " age X25519 recipient(s); an "
                    + "AGE-SECRET-KEY-1… identity for one of them is needed, but only a passphrase is configured");
        }
        String mine = identities.stream().map(i -> i.recipient().toString()).collect(Collectors.joining(", "));
        return new EncryptionException("snapshot is encrypted to recipients that none of the configured identities "
                + "match (" + x25519 + " X25519 recipient(s) in the file; configured identities are for " + mine + ")");
    }

    static byte[] headerMac(byte[] fileKey, byte[] macInput) {
        byte[] key = Hkdf.derive(new byte[0], fileKey, "header");
        try {
            return Hkdf.hmac(key, macInput, macInput.length);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static byte[] payloadKey(byte[] fileKey, byte[] nonce) {
        return Hkdf.derive(nonce, fileKey, "payload");
    }

    /** @return the 12-byte STREAM nonce: an 11-byte big-endian chunk counter and the last-chunk flag */
    static byte[] chunkNonce(long counter, boolean last) {
        byte[] nonce = new byte[Aead.NONCE_LEN];
        for (int i = 0; i < 8; i++) {
            nonce[10 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
