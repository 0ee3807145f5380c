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
     * Finds the file key with the configured identities or passphrase and checks the header MAC. Stanzas of
     * types no identity reads (plugins, grease) are skipped, as the spec requires.
     *
     * @throws EncryptionException naming which key is needed, never a key itself
     */
    static byte[] fileKey(HeaderReader.Header header, List<? extends AgeIdentity> identities, char[] passphrase,
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
            search:
            for (Stanza s : stanzas) {
                for (AgeIdentity id : identities) {
                    if (s.type().equals(id.stanzaType())) {
                        fileKey = id.unwrap(s);
                        if (fileKey != null) {
                            break search;
                        }
                    }
                }
            }
            if (fileKey == null) {
                throw noMatch(stanzas, identities);
            }
            if (fileKey.length != FILE_KEY_LEN) {
                Arrays.fill(fileKey, (byte) 0);
                throw new EncryptionException("snapshot's age header is malformed: the file key is not "
                        + FILE_KEY_LEN + " bytes");
            }
        }
        byte[] expected = headerMac(fileKey, header.macInput());
        if (!MessageDigest.isEqual(expected, header.mac())) {
            Arrays.fill(fileKey, (byte) 0);
            throw new EncryptionException("snapshot failed age authentication: the header MAC does not match (tampered)");
        }
        return fileKey;
    }

    private static EncryptionException noMatch(List<Stanza> stanzas, List<? extends AgeIdentity> identities) {
        long x25519 = count(stanzas, X25519Recipient.TYPE);
        long hybrid = count(stanzas, HybridRecipient.TYPE);
        if (x25519 + hybrid == 0) {
            String types = stanzas.stream().map(Stanza::type).distinct().collect(Collectors.joining(", "));
            return new EncryptionException("snapshot is encrypted to age recipient types this reader does not support: "
                    + types);
        }
        String inFile = (hybrid > 0 ? hybrid + " post-quantum (age1pq1…)" : "")
                + (hybrid > 0 && x25519 > 0 ? " and " : "") + (x25519 > 0 ? x25519 + " X25519 (age1…)" : "")
                + " recipient(s)";
        if (identities.isEmpty()) {
            return new EncryptionException("snapshot is encrypted to " + inFile + "; an "
                    + (hybrid > 0 ? "AGE-SECRET-KEY-PQ-1…" : "AGE-SECRET-KEY-1…")
                    + " identity for one of them is needed, but only a passphrase is configured");
        }
        boolean kindMatches = identities.stream().anyMatch(i -> count(stanzas, i.stanzaType()) > 0);
        if (!kindMatches) {
            String have = identities.get(0).recipient().postQuantum() ? "post-quantum AGE-SECRET-KEY-PQ-1…"
                    : "X25519 AGE-SECRET-KEY-1…";
            return new EncryptionException("snapshot is encrypted to " + inFile + " only, and the configured identities "
                    + "are " + have + " ones, which cannot open it; configure the identity of one of its recipients");
        }
        String mine = identities.stream().map(i -> abbreviate(i.recipient().toString()))
                .collect(Collectors.joining(", "));
        return new EncryptionException("snapshot is encrypted to recipients that none of the configured identities "
                + "match (" + inFile + " in the file; configured identities are for " + mine + ")");
    }

    private static long count(List<Stanza> stanzas, String type) {
        return stanzas.stream().filter(s -> s.type().equals(type)).count();
    }

    /** age1pq1… keys are almost 2000 characters; a prefix names them well enough in a message. */
    private static String abbreviate(String recipient) {
        return recipient.length() > 70 ? recipient.substring(0, 24) + "…" : recipient;
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
