package io.github.dbsnap.crypto;

/** A secret key that unwraps the file key from the stanzas of one native age type. */
interface AgeIdentity {
    /** @return the stanza type (first argument) this identity reads */
    String stanzaType();

    /**
     * @return the file key, or null when the stanza is addressed to another key
     * @throws io.github.dbsnap.EncryptionException when the stanza is malformed
     */
    byte[] unwrap(Stanza stanza);

    AgeRecipient recipient();

    /** @return the Bech32 secret-key form; only for key generation, never for logs */
    String encode();

    void destroy();
}
