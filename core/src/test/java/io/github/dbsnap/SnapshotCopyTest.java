package io.github.dbsnap;

import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.crypto.SnapshotSigning;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import io.github.dbsnap.spi.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SnapshotService#copy}: verified on the way, same keys at the target, re-encryption, signatures, resume. */
class SnapshotCopyTest {
    private final SnapshotServiceTest.MutableClock clock = new SnapshotServiceTest.MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final MemoryStorageProvider source = new MemoryStorageProvider(clock);
    private final MemoryStorageProvider target = new MemoryStorageProvider(clock);
    private final MapSource main = new MapSource(Map.of("a.bin", random(300_000)));
    private final String id = AgeEncryption.generateIdentity();
    private final String newId = AgeEncryption.generateHybridIdentity();
    private SnapshotService service = service(source, keys(id), null);

    private SnapshotService service(StorageProvider storage, AgeEncryption age, SnapshotSigning signing) {
        return SnapshotService.builder().storage(new NonClosingStorage(storage)).database("main", main).clock(clock)
                .hostname("h1").encryption(age).signing(signing).build();
    }

    private static AgeEncryption keys(String identity) {
        return AgeEncryption.of(List.of(), List.of(identity), null);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    @DisplayName("an unchanged copy has the source's bytes under the same key, lists, verifies and restores at the target, and a rerun skips it")
    void unchangedCopy() {
        SnapshotInfo s = service.create("main");
        CopyResult r = service.copy(s.uri().toString(), target);
        CopyResult.Entry e = r.entries().get(0);
        assertThat(e.outcome()).isEqualTo(CopyResult.Outcome.COPIED);
        assertThat(e.transform()).isEqualTo(CopyResult.Transform.UNCHANGED);
        assertThat(target.bytes(s.key())).isEqualTo(source.bytes(s.key()));
        assertThat(new String(target.bytes(s.key() + ".copy"), StandardCharsets.UTF_8)).contains("sha256: " + e.sha256());
        try (SnapshotService there = service(target, keys(id), null)) {
            assertThat(there.list("main")).extracting(SnapshotInfo::key).containsExactly(s.key());
            assertThat(there.verify(s.key()).entries()).hasSize(1);
            main.set(Map.of());
            there.restore(s.key());
            assertThat(main.data().get("a.bin")).isEqualTo(random(300_000));
        }
        int objects = target.list("").size();
        CopyResult again = service.copy(s.key(), target);
        assertThat(again.entries()).extracting(CopyResult.Entry::outcome).containsExactly(CopyResult.Outcome.ALREADY_COPIED);
        assertThat(again.entries().get(0).sha256()).isEqualTo(e.sha256());
        assertThat(target.list("")).hasSize(objects);
    }

    @Test
    @DisplayName("a bulk copy of a prefix resumes: what the target holds is skipped, the rest is copied, also after a stop before the marker")
    void bulkResumes() {
        SnapshotInfo a = service.create("main");
        clock.set(clock.instant().plusSeconds(60));
        SnapshotInfo b = service.create("main");
        clock.set(clock.instant().plusSeconds(60));
        SnapshotInfo c = service.create("main");
        service.copy(a.key(), target);
        service.copy(b.key(), target);
        target.delete(b.key() + ".copy"); // as if stopped between object and marker
        CopyResult r = service.copy("altcha-sentinel-backups/", target);
        assertThat(r.entries()).extracting(CopyResult.Entry::source).containsExactly(a.key(), b.key(), c.key());
        assertThat(r.entries()).extracting(CopyResult.Entry::outcome).containsExactly(CopyResult.Outcome.ALREADY_COPIED,
                CopyResult.Outcome.ALREADY_COPIED, CopyResult.Outcome.COPIED);
        assertThat(r.copied()).isEqualTo(1);
        assertThat(target.stat(b.key() + ".copy")).isPresent();
    }

    @Test
    @DisplayName("re-encrypting rewrites the header only: the copy opens with the new key and not the old one, the payload is unchanged")
    void reencryptRewritesHeader() {
        SnapshotInfo s = service.create("main");
        AgeEncryption to = AgeEncryption.of(List.of(AgeEncryption.recipientOf(newId)), List.of(), null);
        CopyResult.Entry e = service.copy(s.key(), target, to).entries().get(0);
        assertThat(e.transform()).isEqualTo(CopyResult.Transform.HEADER_REWRITTEN);
        assertThat(payloadTail(target.bytes(s.key()))).isEqualTo(payloadTail(source.bytes(s.key())));
        try (SnapshotService there = service(target, keys(newId), null)) {
            assertThat(there.verify(s.key()).entries()).hasSize(1);
        }
        try (SnapshotService old = service(target, keys(id), null)) {
            assertThatThrownBy(() -> old.verify(s.key())).isInstanceOf(EncryptionException.class);
        }
        assertThat(service.copy(s.key(), target, to).entries().get(0).outcome()).isEqualTo(CopyResult.Outcome.ALREADY_COPIED);
    }

    @Test
    @DisplayName("an unencrypted snapshot is encrypted on the way and stored as <key>.age")
    void unencryptedIsEncrypted() {
        service.close();
        service = service(source, null, null);
        SnapshotInfo s = service.create("main");
        AgeEncryption to = AgeEncryption.of(List.of(AgeEncryption.recipientOf(newId)), List.of(), null).withArmor(true);
        CopyResult.Entry e = service.copy(s.key(), target, to).entries().get(0);
        assertThat(e.transform()).isEqualTo(CopyResult.Transform.ENCRYPTED);
        assertThat(e.target().toString()).endsWith(s.key() + ".age");
        assertThat(new String(target.bytes(s.key() + ".age"), StandardCharsets.US_ASCII)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----");
        try (SnapshotService there = service(target, keys(newId), null)) {
            assertThat(there.list("main")).hasSize(1);
            assertThat(there.verify(s.key() + ".age").entries()).hasSize(1);
        }
    }

    @Test
    @DisplayName("a copy keeps a valid signature: the source's sidecar when unchanged, a new one when a signing key is set")
    void signatures() {
        SnapshotSigning.PemKeyPair k = SnapshotSigning.generate();
        service.close();
        service = service(source, keys(id), SnapshotSigning.of(k.privateKey(), List.of(k.publicKey())));
        SnapshotInfo s = service.create("main");
        SnapshotSigning verifying = SnapshotSigning.of(null, List.of(k.publicKey()));
        try (SnapshotService verifyingOnly = service(source, keys(id), verifying)) {
            assertThat(verifyingOnly.copy(s.key(), target).entries().get(0).signed()).isTrue();
        }
        assertThat(target.bytes(s.key() + ".sig")).isEqualTo(source.bytes(s.key() + ".sig"));
        MemoryStorageProvider third = new MemoryStorageProvider(clock);
        AgeEncryption to = AgeEncryption.of(List.of(AgeEncryption.recipientOf(newId)), List.of(), null);
        assertThat(service.copy(s.key(), third, to).entries().get(0).signed()).isTrue();
        try (SnapshotService there = service(third, keys(newId), verifying)) {
            assertThat(there.verify(s.key()).entries()).hasSize(1);
        }
    }

    @Test
    @DisplayName("a damaged source fails the copy with one clear error, leaves nothing at the target and the source untouched")
    void damagedSourceWritesNothing() {
        SnapshotInfo s = service.create("main");
        byte[] bytes = source.bytes(s.key());
        bytes[bytes.length / 2] ^= 1;
        source.delete(s.key());
        source.put(s.key(), bytes);
        assertThatThrownBy(() -> service.copy(s.key(), target)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("tampered");
        assertThat(target.list("")).isEmpty();
        assertThat(target.pendingWrites()).isZero();
        assertThat(source.bytes(s.key())).isEqualTo(bytes);
    }

    @Test
    @DisplayName("another object under the key at the target is never overwritten")
    void conflictIsRefused() {
        SnapshotInfo s = service.create("main");
        target.put(s.key(), "other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> service.copy(s.key(), target)).isInstanceOf(SnapshotExistsException.class)
                .hasMessageContaining("is not a copy of");
        assertThat(target.bytes(s.key())).isEqualTo("other".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] payloadTail(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int mac = text.indexOf("\n--- ");
        return Arrays.copyOfRange(all, text.indexOf('\n', mac + 1) + 1, all.length);
    }
}
