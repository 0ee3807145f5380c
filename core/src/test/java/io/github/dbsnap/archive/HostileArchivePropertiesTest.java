package io.github.dbsnap.archive;

import io.github.dbsnap.Compression;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotServiceBuilder;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.crypto.AgeEncryption;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property-based attacks on the whole read path (age → decompression → tar → manifest): random bytes
 * and every kind of damage to valid snapshots, plain, gzip and encrypted, must each end in one
 * {@link DbsnapException} and never touch the live data.
 */
class HostileArchivePropertiesTest {
    private static final String KEY = "h/db.tar.zst";
    private static final String AGE_KEY = "h/db.tar.zst.age";
    private static final String GZ_KEY = "h/db.tar.gz";
    private static final String IDENTITY = AgeEncryption.generateIdentity();
    private static final MemoryStorageProvider STORAGE = new MemoryStorageProvider();
    private static final MapSource LIVE = new MapSource(Map.of("live", "untouched".getBytes(StandardCharsets.UTF_8)));
    private static final Map<String, byte[]> VALID = validSnapshots();
    private static final SnapshotService SERVICE = SnapshotService.builder().storage(STORAGE).database("db", LIVE)
            .encryption(AgeEncryption.of(List.of(), List.of(IDENTITY), null)).build();

    private static Map<String, byte[]> validSnapshots() {
        MapSource src = new MapSource(Map.of("a.bin", new byte[3000], "b.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (Compression c : Compression.values()) {
            for (boolean encrypted : new boolean[] {false, true}) {
                MemoryStorageProvider m = new MemoryStorageProvider();
                SnapshotServiceBuilder b = SnapshotService.builder().storage(m).database("db", src).compression(c)
                        .prefix("v").zstdWorkers(0);
                if (encrypted) {
                    b.encryption(AgeEncryption.of(List.of(AgeEncryption.recipientOf(IDENTITY)), List.of(), null));
                }
                try (SnapshotService s = b.build()) {
                    SnapshotInfo info = s.create("db");
                    out.put((encrypted ? "age-" : "") + c.extension(), m.bytes(info.key()));
                }
            }
        }
        return out;
    }

    @AfterContainer
    static void close() {
        SERVICE.close();
    }

    private static void assertRefused(String key, byte[] object) {
        STORAGE.delete(key);
        STORAGE.put(key, object);
        assertThatThrownBy(() -> SERVICE.verify(key)).isInstanceOf(DbsnapException.class);
        assertThatThrownBy(() -> SERVICE.restore(key)).isInstanceOf(DbsnapException.class);
        assertThat(LIVE.commits()).isZero();
        assertThat(LIVE.data()).containsOnlyKeys("live");
    }

    private static String keyFor(String variant) {
        return variant.startsWith("age-") ? AGE_KEY : variant.endsWith("gz") ? GZ_KEY : KEY;
    }

    @Property(tries = 200, seed = "20261126")
    void randomBytesAreRefused(@ForAll @Size(max = 20_000) byte[] junk) {
        assertRefused(KEY, junk);
        assertRefused(AGE_KEY, junk);
    }

    @Property(tries = 200, seed = "20261126")
    void randomBytesAfterAValidPrefixAreRefused(@ForAll("variants") String variant, @ForAll @Size(max = 4000) byte[] junk,
                                                @ForAll("fractions") double keep) {
        byte[] valid = VALID.get(variant);
        int cut = (int) (valid.length * keep);
        byte[] object = Arrays.copyOf(valid, cut + junk.length);
        System.arraycopy(junk, 0, object, cut, junk.length);
        if (!Arrays.equals(object, valid)) {
            assertRefused(keyFor(variant), object);
        }
    }

    /** One byte changed, removed, added, or the object cut short, anywhere, in every variant. */
    @Property(tries = 600, seed = "20261126")
    void everyDamageIsRefused(@ForAll("variants") String variant, @ForAll("damage") Damage damage) {
        byte[] valid = VALID.get(variant);
        byte[] object = damage.apply(valid);
        if (!Arrays.equals(object, valid)) {
            assertRefused(keyFor(variant), object);
        }
    }

    @Provide
    Arbitrary<String> variants() {
        return Arbitraries.of(VALID.keySet().stream().sorted().toList());
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<Damage> damage() {
        return Combinators.combine(Arbitraries.of(Damage.Kind.values()), Arbitraries.doubles().between(0, 1),
                Arbitraries.bytes()).as(Damage::new);
    }

    /** A change at a relative position of an object. */
    record Damage(Kind kind, double where, byte value) {
        enum Kind { FLIP, SET, DELETE, INSERT, TRUNCATE }

        byte[] apply(byte[] in) {
            int at = Math.min(in.length - 1, (int) (where * in.length));
            return switch (kind) {
                case FLIP -> {
                    byte[] b = in.clone();
                    b[at] ^= (byte) (value == 0 ? 1 : value);
                    yield b;
                }
                case SET -> {
                    byte[] b = in.clone();
                    b[at] = value;
                    yield b;
                }
                case DELETE -> {
                    byte[] b = new byte[in.length - 1];
                    System.arraycopy(in, 0, b, 0, at);
                    System.arraycopy(in, at + 1, b, at, in.length - at - 1);
                    yield b;
                }
                case INSERT -> {
                    byte[] b = new byte[in.length + 1];
                    System.arraycopy(in, 0, b, 0, at);
                    b[at] = value;
                    System.arraycopy(in, at, b, at + 1, in.length - at);
                    yield b;
                }
                case TRUNCATE -> Arrays.copyOf(in, at);
            };
        }
    }
}
