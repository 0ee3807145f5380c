package io.github.dbsnap.crypto;

import io.github.dbsnap.EncryptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.github.dbsnap.crypto.AgeTesting.CHUNK;
import static io.github.dbsnap.crypto.AgeTesting.data;
import static io.github.dbsnap.crypto.AgeTesting.decrypt;
import static io.github.dbsnap.crypto.AgeTesting.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeTamperTest {
    private static final String ID = AgeEncryption.generateIdentity();
    private static final AgeEncryption AGE = AgeTesting.identity(ID);

    @Test
    @DisplayName("every single-byte flip anywhere in a small file is detected")
    void everyByteFlipIsDetected() throws Exception {
        byte[] file = encrypt(AGE, data(300, 1));
        for (int i = 0; i < file.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] bad = file.clone();
                bad[i] ^= (byte) bit;
                int at = i;
                assertThatThrownBy(() -> decrypt(AGE, bad)).as("flip at %d", at)
                        .isInstanceOf(EncryptionException.class);
            }
        }
    }

    @Test
    @DisplayName("flips in each chunk of a multi-chunk file are detected, in every chunk and thread mode")
    void flipsInLaterChunksAreDetected() throws Exception {
        byte[] file = encrypt(AGE, data(3 * CHUNK + 100, 2));
        int start = AgeRoundTripTest.headerAndNonce(file);
        for (int off : new int[] {0, CHUNK, CHUNK + 16, 2 * (CHUNK + 16) + 5, 3 * (CHUNK + 16) + 3, file.length - start - 1}) {
            byte[] bad = file.clone();
            bad[start + off] ^= 0x10;
            for (int threads : new int[] {1, 3}) {
                assertThatThrownBy(() -> decrypt(AGE.withParallelism(threads), bad))
                        .isInstanceOf(EncryptionException.class).hasMessageContaining("failed age authentication");
            }
        }
    }

    @Test
    @DisplayName("truncation anywhere, including exactly at a chunk boundary, is detected")
    void truncationIsDetected() throws Exception {
        byte[] file = encrypt(AGE, data(2 * CHUNK + 100, 3));
        int start = AgeRoundTripTest.headerAndNonce(file);
        for (int len : new int[] {0, 10, start - 17, start - 1, start, start + 15, start + 16, start + 100,
                start + CHUNK + 16, start + 2 * (CHUNK + 16), file.length - 1}) {
            byte[] cut = Arrays.copyOf(file, len);
            assertThatThrownBy(() -> decrypt(AGE, cut)).as("cut at %d", len).isInstanceOf(EncryptionException.class);
        }
    }

    @Test
    @DisplayName("a file cut after a full final chunk fails, and so does data appended after the end")
    void boundaryTruncationAndTrailingData() throws Exception {
        byte[] file = encrypt(AGE, data(2 * CHUNK, 4));
        int start = AgeRoundTripTest.headerAndNonce(file);
        byte[] cut = Arrays.copyOf(file, start + CHUNK + 16);
        assertThatThrownBy(() -> decrypt(AGE, cut)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("tampered or truncated");
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> decrypt(AGE, longer)).isInstanceOf(EncryptionException.class);
    }

    @Test
    @DisplayName("swapped chunks fail authentication")
    void reorderedChunksFail() throws Exception {
        byte[] file = encrypt(AGE, data(3 * CHUNK, 5));
        int start = AgeRoundTripTest.headerAndNonce(file);
        int sealed = CHUNK + 16;
        byte[] bad = file.clone();
        System.arraycopy(file, start, bad, start + sealed, sealed);
        System.arraycopy(file, start + sealed, bad, start, sealed);
        assertThatThrownBy(() -> decrypt(AGE, bad)).isInstanceOf(EncryptionException.class);
    }

    @Test
    @DisplayName("a wrong identity names what is needed, without key material")
    void wrongIdentityMessage() throws Exception {
        String other = AgeEncryption.generateIdentity();
        byte[] file = encrypt(AGE, data(10, 6));
        assertThatThrownBy(() -> decrypt(AgeTesting.identity(other), file))
                .isInstanceOf(EncryptionException.class)
                .hasMessageContaining("none of the configured identities match")
                .hasMessageContaining(AgeEncryption.recipientOf(other))
                .satisfies(e -> assertNoSecret(e.getMessage(), List.of(ID, other)));
    }

    @Test
    @DisplayName("a wrong passphrase says so, without the passphrase")
    void wrongPassphraseMessage() throws Exception {
        byte[] file = encrypt(AgeTesting.passphrase("right one"), data(10, 7));
        assertThatThrownBy(() -> decrypt(AgeTesting.passphrase("wrong one"), file))
                .isInstanceOf(EncryptionException.class).hasMessageStartingWith("wrong passphrase")
                .satisfies(e -> assertNoSecret(e.getMessage(), List.of("right one", "wrong one")));
        assertThatThrownBy(() -> decrypt(AGE, file)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("encrypted with a passphrase and no passphrase is configured");
    }

    private static void assertNoSecret(String message, List<String> secrets) {
        for (String s : secrets) {
            String lower = s.toLowerCase(Locale.ROOT);
            assertThat(message.toLowerCase(Locale.ROOT)).doesNotContain(lower)
                    .doesNotContain(lower.length() > 40 ? lower.substring(16, 40) : lower);
        }
    }
}
