package io.github.dbsnap.crypto;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Parses recipient and identity strings of every native type and picks the set a file is encrypted to. */
final class AgeKeys {
    private AgeKeys() {
    }

    /** Parsed keys, or the problems found (a recipient is shown, an identity never). */
    record Parsed(List<AgeRecipient> encryptTo, List<AgeIdentity> identities, List<String> problems) {
    }

    static AgeRecipient recipient(String r) {
        return r.startsWith(HybridRecipient.HRP + "1") ? HybridRecipient.parse(r) : X25519Recipient.parse(r);
    }

    static AgeIdentity identity(String id) {
        return id.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-PQ-") ? HybridIdentity.parse(id)
                : X25519Identity.parse(id);
    }

    /**
     * Files are encrypted to one kind of key, as the age spec asks (a post-quantum file that also has an X25519
     * stanza is no safer than X25519): the explicit recipients decide the kind, or, without any, the identities
     * (post-quantum when one of them is). Identities of the other kind then only decrypt. Explicit recipients of
     * both kinds are refused.
     */
    static Parsed parse(List<String> recipients, List<String> identities) {
        List<String> problems = new ArrayList<>();
        List<AgeRecipient> explicit = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            String r = Objects.requireNonNull(recipients.get(i), "recipient").strip();
            try {
                explicit.add(recipient(r));
            } catch (IllegalArgumentException e) {
                problems.add("age recipient #" + (i + 1) + describe(r) + " is not a valid age1… or age1pq1… public key ("
                        + e.getMessage() + ")");
            }
        }
        List<AgeIdentity> ids = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            String id = Objects.requireNonNull(identities.get(i), "identity").strip();
            try {
                ids.add(identity(id));
            } catch (IllegalArgumentException e) {
                problems.add("age identity #" + (i + 1) + " is not a valid AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… key ("
                        + e.getMessage() + ")");
            }
        }
        boolean anyPq = explicit.stream().anyMatch(AgeRecipient::postQuantum);
        if (anyPq && !explicit.stream().allMatch(AgeRecipient::postQuantum)) {
            problems.add("age recipients mix post-quantum (age1pq1…) and X25519 (age1…) keys; the age spec says a file "
                    + "should not be encrypted to both, because its X25519 stanza would make it no safer than X25519 "
                    + "alone: use only age1pq1… recipients");
        }
        boolean pq = explicit.isEmpty() ? ids.stream().anyMatch(i -> i.recipient().postQuantum()) : anyPq;
        Set<AgeRecipient> to = new LinkedHashSet<>(explicit);
        for (AgeIdentity id : ids) {
            if (id.recipient().postQuantum() == pq) {
                to.add(id.recipient());
            }
        }
        return new Parsed(new ArrayList<>(to), ids, problems);
    }

    /** Shows a bad recipient only when it looks like one, so a secret pasted into the wrong setting is not echoed. */
    private static String describe(String r) {
        if (r.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-")) {
            return " (which looks like an AGE-SECRET-KEY-1… identity; configure it as an identity)";
        }
        return r.startsWith("age1") && r.length() <= 100 && r.chars().allMatch(c -> c > 32 && c < 127)
                ? " '" + r + "'" : "";
    }
}
