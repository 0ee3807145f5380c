package io.github.dbsnap;

import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Signs stored snapshots and checks their signatures, through a sidecar object {@code <key>.sig} (see
 * {@link SnapshotSigning}) written after the snapshot is stored. A snapshot without its sidecar is unsigned.
 */
final class SnapshotAuthentication {
    private final StorageProvider storage;
    private final SnapshotSigning signing;

    SnapshotAuthentication(StorageProvider storage, SnapshotSigning signing) {
        this.storage = storage;
        this.signing = signing;
    }

    static String sidecarKey(String key) {
        return key + SnapshotSigning.SUFFIX;
    }

    boolean signs() {
        return signing != null && signing.signs();
    }

    boolean verifies() {
        return signing != null && signing.verifies();
    }

    /**
     * Stores the sidecar of a stored snapshot.
     *
     * @throws StorageException when it could not be stored; the caller removes the snapshot
     */
    void sign(String key, Digesting stored) {
        String text = signing.sidecar(fileName(key), stored.hex(), stored.count);
        storage.write(sidecarKey(key), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A snapshot whose signature could not be stored would be refused by every verifying host: remove it. */
    void signOrRemove(String key, SnapshotAuthentication.Digesting digest, StoredObject stored) {
        try {
            if (stored.size() >= 0 && stored.size() != digest.count) {
                throw new StorageException("storing snapshot '" + key + "': the storage reports " + stored.size()
                        + " bytes, " + digest.count + " were written");
            }
            sign(key, digest);
        } catch (RuntimeException e) {
            try {
                storage.delete(key);
            } catch (RuntimeException d) {
                e.addSuppressed(d);
            }
            throw e instanceof DbsnapException d ? d
                    : new StorageException("signing snapshot '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies a snapshot's sidecar, before any of the snapshot is read.
     *
     * @throws EncryptionException when it is unsigned, mis-signed or signed for another size
     */
    SnapshotSigning.Signed check(SnapshotInfo info) {
        String text;
        try (InputStream in = storage.read(sidecarKey(info.key()))) {
            byte[] bytes = in.readNBytes(SnapshotSigning.MAX_SIDECAR_BYTES + 1);
            if (bytes.length > SnapshotSigning.MAX_SIDECAR_BYTES) {
                throw new EncryptionException("signature of snapshot '" + info.key() + "' is larger than "
                        + SnapshotSigning.MAX_SIDECAR_BYTES + " bytes");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (SnapshotNotFoundException e) {
            throw new EncryptionException("snapshot '" + info.key() + "' is not signed (no " + fileName(info.key())
                    + SnapshotSigning.SUFFIX + " beside it) and SNAPSHOTS_VERIFY_KEY requires a signature; refused");
        } catch (IOException e) {
            throw new StorageException("reading the signature of snapshot '" + info.key() + "' failed: " + e.getMessage(), e);
        }
        SnapshotSigning.Signed signed = signing.check(fileName(info.key()), text);
        if (info.size() >= 0 && info.size() != signed.size()) {
            throw new CorruptSnapshotException("snapshot '" + info.key() + "' has " + info.size()
                    + " bytes, its signature says " + signed.size() + " (replaced or damaged); refused");
        }
        return signed;
    }

    /** @return a stream that fails at its end when what passed is not the signed object */
    static InputStream enforcing(InputStream in, SnapshotSigning.Signed signed, String key) {
        return new Digesting(in) {
            @Override
            void atEnd() {
                if (count != signed.size() || !hex().equals(signed.sha256())) {
                    throw new CorruptSnapshotException("snapshot '" + key + "' is not the object its signature vouches for ("
                            + "SHA-256 or size differ: replaced or damaged); refused");
                }
            }
        };
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Hashes and counts every byte that passes. */
    static class Digesting extends FilterInputStream {
        private final MessageDigest sha = Hex.sha256();
        long count;
        private String hex;

        Digesting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                end();
            } else {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                end();
            } else {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
            int r = buf.length == 0 ? 0 : read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void end() {
            if (hex == null) {
                hex = Hex.of(sha.digest());
                atEnd();
            }
        }

        void atEnd() {
        }

        /** @return the hex SHA-256 of everything read; only after the end was reached */
        String hex() {
            if (hex == null) {
                throw new IllegalStateException("stream not read to its end");
            }
            return hex;
        }
    }
}
