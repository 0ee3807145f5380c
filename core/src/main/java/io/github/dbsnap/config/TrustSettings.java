package io.github.dbsnap.config;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotServiceBuilder;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.internal.EnvReader;

import java.util.List;
import java.util.Optional;

/**
 * The part of {@link SnapshotConfig} that decides which snapshots a restore trusts: signing and verification keys,
 * whether unencrypted snapshots or snapshots of another database are accepted, and the decompression bound.
 * The signing key is a secret: never in messages or {@link #toString()}.
 */
record TrustSettings(Optional<SnapshotSigning> signing, boolean allowUnencrypted, boolean allowDatabaseMismatch,
                     long maxExpansionRatio) {

    /**
     * Reads {@code SIGNING_KEY}, {@code VERIFY_KEY} (several: comma-separated, or several PEM blocks),
     * {@code ALLOW_UNENCRYPTED}, {@code ALLOW_DATABASE_MISMATCH} and {@code MAX_EXPANSION_RATIO}.
     */
    static TrustSettings read(EnvReader r) {
        Optional<String> signingKey = r.get("SIGNING_KEY");
        Optional<String> verifyKeys = r.get("VERIFY_KEY");
        SnapshotSigning signing = null;
        if (signingKey.isPresent() || verifyKeys.isPresent()) {
            try {
                signing = SnapshotSigning.of(signingKey.orElse(null), verifyKeys.map(List::of).orElse(List.of()));
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> r.problem((p.startsWith("signing") ? "SNAPSHOTS_SIGNING_KEY " : "SNAPSHOTS_VERIFY_KEY ") + p));
            }
        }
        long ratio = SnapshotServiceBuilder.DEFAULT_MAX_EXPANSION_RATIO;
        Optional<String> ratioText = r.get("MAX_EXPANSION_RATIO");
        if (ratioText.isPresent()) {
            try {
                ratio = Long.parseLong(ratioText.get());
                if (ratio < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                r.problem("SNAPSHOTS_MAX_EXPANSION_RATIO must be a whole number >= 0 (0 = no limit), was '"
                        + ratioText.get() + "'");
            }
        }
        return new TrustSettings(Optional.ofNullable(signing), flag(r, "ALLOW_UNENCRYPTED"),
                flag(r, "ALLOW_DATABASE_MISMATCH"), ratio);
    }

    private static boolean flag(EnvReader r, String name) {
        Optional<String> v = r.get(name);
        if (v.isEmpty() || v.get().equals("0") || v.get().equalsIgnoreCase("false")) {
            return false;
        }
        if (!v.get().equals("1") && !v.get().equalsIgnoreCase("true")) {
            r.problem("SNAPSHOTS_" + name + " must be 1 or 0, was '" + v.get() + "'");
        }
        return true;
    }

    @Override
    public String toString() {
        return "signing=" + signing.map(SnapshotSigning::toString).orElse("none") + ", allow-unencrypted=" + allowUnencrypted
                + ", allow-database-mismatch=" + allowDatabaseMismatch + ", max-expansion-ratio=" + maxExpansionRatio;
    }
}
