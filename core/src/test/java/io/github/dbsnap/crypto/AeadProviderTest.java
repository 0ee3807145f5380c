package io.github.dbsnap.crypto;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conscrypt is on core's test class path (an optional dependency), so the automatic choice finds it on JDK 17. */
class AeadProviderTest {

    @Test
    @DisplayName("on a JDK before 25 the automatic choice is Conscrypt when it is on the class path")
    void autoChoosesConscryptBeforeJdk25() {
        java.security.Provider p = AeadProvider.choose("auto", 17);
        assertThat(p).isNotNull();
        assertThat(p.getName()).isEqualTo("Conscrypt");
    }

    @Test
    @DisplayName("from JDK 25 on, and when the property says jdk, the JDK's own cipher is used")
    void jdkFromJdk25OrWhenAsked() {
        assertThat(AeadProvider.choose("auto", 25)).isNull();
        assertThat(AeadProvider.choose("JDK", 17)).isNull();
    }

    @Test
    @DisplayName("a provider name that is not installed falls back to the JDK's cipher")
    void unknownProviderFallsBackToJdk() {
        assertThat(AeadProvider.choose("NoSuchProvider", 17)).isNull();
    }

    @Test
    @DisplayName("the chosen cipher seals exactly what the JDK's seals, and each opens the other's chunks")
    void sameCiphertextAsTheJdk() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] nonce = AgeFormat.chunkNonce(3, true);
        byte[] plain = new byte[AgeFormat.CHUNK];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31);
        }
        byte[] ours = new byte[plain.length + Aead.TAG_LEN];
        Aead.seal(key, nonce, plain, 0, plain.length, ours);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        assertThat(ours).isEqualTo(jdk.doFinal(plain));

        byte[] back = new byte[plain.length];
        assertThat(Aead.open(key, nonce, ours, 0, ours.length, back)).isEqualTo(plain.length);
        assertThat(back).isEqualTo(plain);
        ours[5] ^= 1;
        assertThatThrownBy(() -> Aead.open(key, nonce, ours, 0, ours.length, back))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    @DisplayName("sealing twice with the same key and nonce on one thread works (a fresh cipher is taken)")
    void sameKeyAndNonceTwice() {
        byte[] key = new byte[32];
        byte[] fileKey = new byte[16];
        assertThat(Aead.wrap(key, fileKey)).isEqualTo(Aead.wrap(key, fileKey));
        assertThat(Aead.unwrap(key, Aead.wrap(key, fileKey))).isEqualTo(fileKey);
    }
}
