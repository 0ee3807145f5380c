package io.github.dbsnap;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SnapshotService#rekey}: a new header, the same payload, a new object, resumable and bulk. */
class SnapshotRekeyTest {
    private final SnapshotServiceTest.MutableClock clock = new SnapshotServiceTest.MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final MemoryStorageProvider storage = new MemoryStorageProvider(clock);
    private final MapSource main = new MapSource(Map.of("a.bin", "alpha".getBytes(StandardCharsets.UTF_8)));
    private final String oldId = AgeEncryption.generateIdentity();
    private final String newId = AgeEncryption.generateHybridIdentity();
    private SnapshotService service = service(AgeEncryption.of(List.of(), List.of(oldId), null));

    private SnapshotService service(AgeEncryption age) {
        return SnapshotService.builder().storage(new io.github.dbsnap.testing.NonClosingStorage(storage))
                .database("main", main).clock(clock).hostname("h1").encryption(age).build();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private static AgeEncryption to(String identity) {
        return AgeEncryption.of(List.of(AgeEncryption.recipientOf(identity)), List.of(), null);
    }

    @Test
    @DisplayName("the rekeyed snapshot is a new object that opens with the new key only, with the payload unchanged")
    void rekeyOne() throws Exception {
        SnapshotInfo s = service.create("main");
        RekeyResult r = service.rekey(s.key(), to(newId), false);
        RekeyResult.Entry e = r.entries().get(0);
        assertThat(e.outcome()).isEqualTo(RekeyResult.Outcome.REKEYED);
        assertThat(e.target()).matches(".*/main\\.tar\\.zst\\.rk-[0-9a-f]{8}\\.age");
        assertThat(storage.stat(s.key())).isPresent();
        assertThat(payloadTail(s.key())).isEqualTo(payloadTail(e.target()));

        try (SnapshotService fresh = service(AgeEncryption.of(List.of(), List.of(newId), null))) {
            assertThat(fresh.verify(e.target()).entries()).hasSize(1);
            main.set(Map.of());
            fresh.restore(e.target());
            assertThat(main.data()).containsOnlyKeys("a.bin");
            assertThat(fresh.list("main")).extracting(SnapshotInfo::key).contains(e.target(), s.key());
        }
        assertThatThrownBy(() -> service.verify(e.target())).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("post-quantum");
    }

    @Test
    @DisplayName("with a signing key, the rekeyed object is signed, restores where signatures are required, and --delete-old removes the old signature")
    void rekeyedObjectsAreSigned() {
        io.github.dbsnap.crypto.SnapshotSigning.PemKeyPair k = io.github.dbsnap.crypto.SnapshotSigning.generate();
        io.github.dbsnap.crypto.SnapshotSigning signing = io.github.dbsnap.crypto.SnapshotSigning.of(k.privateKey(), List.of(k.publicKey()));
        service.close();
        service = SnapshotService.builder().storage(new io.github.dbsnap.testing.NonClosingStorage(storage))
                .database("main", main).clock(clock).hostname("h1").encryption(AgeEncryption.of(List.of(), List.of(oldId), null))
                .signing(signing).build();
        SnapshotInfo s = service.create("main");
        RekeyResult.Entry e = service.rekey(s.key(), to(newId), true).entries().get(0);
        assertThat(storage.stat(e.target() + ".sig")).isPresent();
        assertThat(storage.stat(s.key() + ".sig")).isEmpty();
        try (SnapshotService fresh = SnapshotService.builder().storage(new io.github.dbsnap.testing.NonClosingStorage(storage))
                .database("main", main).clock(clock).hostname("h1").encryption(AgeEncryption.of(List.of(), List.of(newId), null))
                .signing(io.github.dbsnap.crypto.SnapshotSigning.of(null, List.of(k.publicKey()))).build()) {
            main.set(Map.of());
            fresh.restore(e.target());
            assertThat(main.data()).containsOnlyKeys("a.bin");
        }
    }

    @Test
    @DisplayName("bulk rekey over a prefix resumes: a rerun skips what is done, and --delete-old removes the sources")
    void bulkResumes() {
        SnapshotInfo a = service.create("main");
        clock.set(clock.instant().plusSeconds(60));
        SnapshotInfo b = service.create("main");
        RekeyResult first = service.rekey("altcha-sentinel-backups/", to(newId), false);
        assertThat(first.rekeyed()).isEqualTo(2);
        RekeyResult again = service.rekey("altcha-sentinel-backups/", to(newId), true);
        assertThat(again.rekeyed()).isZero();
        assertThat(again.entries()).extracting(RekeyResult.Entry::outcome).containsOnly(RekeyResult.Outcome.ALREADY_REKEYED);
        assertThat(storage.stat(a.key())).isEmpty();
        assertThat(storage.stat(b.key())).isEmpty();
        assertThat(service.list("main")).hasSize(2).allMatch(s -> s.key().contains(".rk-"));
    }

    @Test
    @DisplayName("an identity that does not open the snapshot fails with one clear error and writes nothing")
    void wrongIdentityWritesNothing() {
        SnapshotInfo s = service.create("main");
        int before = storage.list("").size();
        try (SnapshotService stranger = service(AgeEncryption.of(List.of(), List.of(AgeEncryption.generateIdentity()), null))) {
            assertThatThrownBy(() -> stranger.rekey(s.key(), to(newId), true)).isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("cannot rekey snapshot '" + s.key() + "'");
        }
        assertThat(storage.list("")).hasSize(before);
    }

    @Test
    @DisplayName("passphrase to keys and back re-wraps the file key only")
    void passphraseAndBack() throws Exception {
        service.close();
        AgeEncryption pass = AgeEncryption.of(List.of(), List.of(), "pw".toCharArray()).withScryptWorkFactor(10);
        service = service(pass);
        SnapshotInfo s = service.create("main");
        RekeyResult toKeys = service.rekey(s.key(), to(newId), false);
        String keyed = toKeys.entries().get(0).target();
        assertThat(payloadTail(keyed)).isEqualTo(payloadTail(s.key()));
        try (SnapshotService withKey = service(AgeEncryption.of(List.of(), List.of(newId), null))) {
            RekeyResult back = withKey.rekey(keyed, pass, false);
            String passAgain = back.entries().get(0).target();
            assertThat(passAgain).endsWith(".rk-passphrase.age");
            assertThat(header(passAgain)).contains("-> scrypt ");
            assertThat(service.verify(passAgain).entries()).hasSize(1);
        }
    }

    /** The bytes after the header (payload nonce and chunks). */
    private byte[] payloadTail(String key) throws Exception {
        byte[] all = readAll(key);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int mac = text.indexOf("\n--- ");
        return Arrays.copyOfRange(all, text.indexOf('\n', mac + 1) + 1, all.length);
    }

    private String header(String key) throws Exception {
        String text = new String(readAll(key), StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\n--- "));
    }

    private byte[] readAll(String key) throws Exception {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }
}
