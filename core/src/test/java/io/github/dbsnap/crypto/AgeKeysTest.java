package io.github.dbsnap.crypto;

import io.github.dbsnap.ConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeKeysTest {
    // a throwaway pair made by age-keygen 1.1.1 for this test; the public key is what `age-keygen -y` printed
    private static final String SPEC_ID = "AGE-SECRET-KEY-1DD5JLHRN4TRQPZ7KKZVHLJ0DUVKHM3U65VUY3Z5TDTYKGPMSCGZQ86G503";
    private static final String SPEC_RECIPIENT = "age1ry2z5cl89t99rkvs5nzvm4gy92xetes4cg32v2mypt570usa69msqnchr2";

    @Test
    @DisplayName("an identity's public key matches what age-keygen -y derives")
    void recipientOfMatchesReference() {
        assertThat(AgeEncryption.recipientOf(SPEC_ID)).isEqualTo(SPEC_RECIPIENT);
        assertThat(AgeEncryption.recipientOf(SPEC_ID.toLowerCase(Locale.ROOT))).isEqualTo(SPEC_RECIPIENT);
    }

    @Test
    @DisplayName("generated identities are upper-case bech32 and round-trip to a recipient")
    void generatedIdentities() {
        String id = AgeEncryption.generateIdentity();
        assertThat(id).startsWith("AGE-SECRET-KEY-1").hasSize(74).isUpperCase();
        assertThat(AgeEncryption.recipientOf(id)).startsWith("age1").hasSize(62);
    }

    @Test
    @DisplayName("a bad recipient is rejected, naming it")
    void badRecipientIsRejected() {
        String bad = SPEC_RECIPIENT.substring(0, 60) + "qq";
        assertThatThrownBy(() -> AgeEncryption.of(List.of(SPEC_RECIPIENT, bad), List.of(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("age recipient #2 '" + bad + "'").hasMessageContaining("bad checksum");
        assertThatThrownBy(() -> AgeEncryption.of(List.of(SPEC_RECIPIENT.toUpperCase(Locale.ROOT)), List.of(), null))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> AgeEncryption.of(List.of("age1" + "Q" + SPEC_RECIPIENT.substring(5)), List.of(), null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("mixed case");
    }

    @Test
    @DisplayName("a bad identity or a secret in the recipient list is rejected without echoing it")
    void badIdentityIsNotEchoed() {
        String bad = SPEC_ID.substring(0, 70) + "AAAA";
        assertThatThrownBy(() -> AgeEncryption.of(List.of(SPEC_ID), List.of(bad, "hunter2"), null))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(3))
                .hasMessageContaining("age identity #1").hasMessageContaining("age identity #2")
                .hasMessageContaining("age recipient #1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.substring(16, 60))
                        .doesNotContain("hunter2").doesNotContain(SPEC_ID.substring(16, 60)));
        assertThatThrownBy(() -> AgeEncryption.recipientOf(bad)).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.substring(16, 60)));
    }

    @Test
    @DisplayName("a low-order recipient, which anyone could decrypt, is rejected")
    void lowOrderRecipientIsRejected() {
        String zero = Bech32.encode("age", new byte[32]);
        assertThatThrownBy(() -> AgeEncryption.of(List.of(zero), List.of(), null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("low order");
    }

    @Test
    @DisplayName("an empty passphrase is rejected")
    void emptyPassphrase() {
        assertThatThrownBy(() -> AgeEncryption.of(List.of(), List.of(), new char[0]))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("passphrase is empty");
    }

    @Test
    @DisplayName("toString shows counts only")
    void toStringHasNoKeys() {
        AgeEncryption age = AgeEncryption.of(List.of(SPEC_RECIPIENT), List.of(SPEC_ID), "pw-secret".toCharArray());
        assertThat(age.toString()).doesNotContain("age1").doesNotContain("AGE-SECRET").doesNotContain("pw-secret")
                .isEqualTo("AgeEncryption{recipients=1, identities=1, passphrase=true}");
        assertThat(age.canEncrypt()).isTrue();
        assertThat(age.canDecrypt()).isTrue();
    }

    @Test
    @DisplayName("identities are read from an age-keygen file, skipping comments")
    void identitiesInKeygenFile() {
        String file = "# created: 2024-01-01T00:00:00Z\n# public key: " + SPEC_RECIPIENT + "\n" + SPEC_ID + "\n\n";
        assertThat(AgeEncryption.identitiesIn(file)).containsExactly(SPEC_ID);
    }

    @Test
    @DisplayName("work factor and parallelism are range-checked")
    void rangeChecks() {
        AgeEncryption age = AgeEncryption.of(List.of(SPEC_RECIPIENT), List.of(), null);
        assertThatThrownBy(() -> age.withScryptWorkFactor(21)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> age.withParallelism(0)).isInstanceOf(ConfigurationException.class);
        assertThat(age.withParallelism(2).parallelism()).isEqualTo(2);
    }
}
