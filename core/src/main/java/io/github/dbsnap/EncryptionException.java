package io.github.dbsnap;

/** An age encryption or decryption problem: no matching key, wrong passphrase, failed authentication. Never contains key material. */
public class EncryptionException extends DbsnapException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming which key is needed but never a key itself */
    public EncryptionException(String message) {
        super(message);
    }

    /** @param message what failed; @param cause underlying failure (never carrying key material) */
    public EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
