package io.github.dbsnap.crypto;

import java.security.SecureRandom;

/** A public key that wraps a file key into one stanza of its native age type. */
interface AgeRecipient {
    /** @throws IllegalArgumentException when the key turns out unusable */
    Stanza wrap(byte[] fileKey, SecureRandom random);

    /** @return whether the stanza stays secret against a quantum computer (the age spec's hybrid type) */
    boolean postQuantum();

    /** @return the Bech32 text form ({@code age1…} or {@code age1pq1…}); a public key is not secret */
    @Override
    String toString();
}
