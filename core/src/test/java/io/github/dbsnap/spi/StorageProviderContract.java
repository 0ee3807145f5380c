package io.github.dbsnap.spi;

import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link StorageProvider} must do. A module extends this class, names its
 * {@link #factory()}, gives {@link #storeSettings()} for a new empty store backed by the real thing (a
 * directory, S3Proxy, Azurite) and implements the three backend probes
 * ({@link #assertNoLeftovers()}, {@link #createDirectoryMarker(String)}, {@link #plantLeftover(String)}).
 * Every provider is created through its factory, and the contract checks that {@link java.util.ServiceLoader}
 * finds that factory. A module may skip a case only by overriding it with a stated reason.
 * See {@code docs/extending.md}.
 */
public abstract class StorageProviderContract {
    /** Size of the large streamed object; large enough to need several parts or blocks. */
    protected static final long LARGE = 24L * 1024 * 1024;

    /** The provider under test, on the store of {@link #storeSettings()}; closed after each case. */
    protected StorageProvider provider;
    /** What {@link #storeSettings()} returned for this case. */
    protected Map<String, String> settings;

    /** @return the factory under test; it must also be registered for {@link java.util.ServiceLoader} */
    protected abstract StorageProviderFactory factory();

    /**
     * Called once before each case.
     *
     * @return the settings (as the factory receives them, e.g. {@code bucket}, {@code dir}) of a provider
     *         on a new, empty store
     */
    protected abstract Map<String, String> storeSettings() throws Exception;

    /**
     * Settings added to {@link #storeSettings()} for a provider rooted at {@code prefix} inside the same
     * store. Default: {@code prefix=<prefix>} (the S3 and Azure setting name).
     */
    protected Map<String, String> prefixSettings(String prefix) {
        return Map.of("prefix", prefix);
    }

    /**
     * Settings added to {@link #storeSettings()} so that a listing needs several pages of at most two
     * objects. Default: {@code list-page-size=2}. A provider whose listing has no pages returns an empty map.
     */
    protected Map<String, String> smallPageSettings() {
        return Map.of("list-page-size", "2");
    }

    /**
     * Asserts that nothing staged by a write remains: temp files, open multipart uploads, buffered data.
     * Must fail (with an {@link AssertionError}) when a leftover planted by {@link #plantLeftover(String)}
     * is there; the contract checks that.
     */
    protected abstract void assertNoLeftovers() throws Exception;

    /**
     * Creates, directly in the backend, what other tools leave as a "directory" named {@code name}
     * (ends with {@code /}): an empty object {@code a/} on S3 or Azure, a directory on disk.
     */
    protected abstract void createDirectoryMarker(String name) throws Exception;

    /**
     * Leaves, directly in the backend, what a write of {@code key} interrupted by a crash leaves (a temp
     * file, an open multipart upload), which {@link StorageProvider#cleanup} must remove.
     *
     * @return false when a crashed write of this provider leaves nothing that cleanup could remove
     */
    protected abstract boolean plantLeftover(String key) throws Exception;

    /** @return a new provider on the store of {@link #storeSettings()}, plus {@code extra} settings */
    protected StorageProvider open(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(extra);
        return factory().create(ProviderConfig.of(all));
    }

    @BeforeEach
    void openProvider() throws Exception {
        settings = Map.copyOf(storeSettings());
        provider = open(Map.of());
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String key) throws IOException {
        return read(provider, key);
    }

    private static String read(StorageProvider provider, String key) throws IOException {
        try (InputStream in = provider.read(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("an object written can be read back byte for byte")
    protected void roundTrip() throws Exception {
        StoredObject o = provider.write("snaps/2026/main.tar.zst", text("hello snapshot"));
        assertThat(o.key()).isEqualTo("snaps/2026/main.tar.zst");
        assertThat(o.size()).isEqualTo(14);
        assertThat(read("snaps/2026/main.tar.zst")).isEqualTo("hello snapshot");
        assertThat(provider.stat("snaps/2026/main.tar.zst")).get().extracting(StoredObject::size).isEqualTo(14L);
    }

    @Test
    @DisplayName("reading a missing key throws SnapshotNotFoundException naming the key")
    protected void missingKeyThrowsSnapshotNotFound() {
        assertThatThrownBy(() -> provider.read("nope/main.tar.zst"))
                .isInstanceOf(SnapshotNotFoundException.class)
                .hasMessageContaining("nope/main.tar.zst");
        assertThat(provider.stat("nope/main.tar.zst")).isEmpty();
    }

    @Test
    @DisplayName("listing returns exactly the objects under a prefix, with sizes")
    protected void listByPrefix() {
        provider.write("a/1/main.tar.zst", text("1"));
        provider.write("a/2/main.tar.zst", text("22"));
        provider.write("b/1/main.tar.zst", text("333"));
        List<StoredObject> a = provider.list("a/");
        assertThat(a).extracting(StoredObject::key).containsExactlyInAnyOrder("a/1/main.tar.zst", "a/2/main.tar.zst");
        assertThat(a).extracting(StoredObject::size).containsExactlyInAnyOrder(1L, 2L);
        assertThat(provider.list("")).hasSize(3);
        assertThat(provider.list("c/")).isEmpty();
    }

    @Test
    @DisplayName("writing an existing key is refused and the original stays intact")
    protected void writingExistingKeyIsRefused() throws Exception {
        provider.write("x/main.tar.zst", text("original"));
        assertThatThrownBy(() -> provider.write("x/main.tar.zst", text("replacement")))
                .isInstanceOf(SnapshotExistsException.class);
        assertThat(read("x/main.tar.zst")).isEqualTo("original");
    }

    @Test
    @DisplayName("delete removes an object and deleting again is not an error")
    protected void deleteIsIdempotent() {
        provider.write("d/main.tar.zst", text("x"));
        provider.delete("d/main.tar.zst");
        assertThat(provider.stat("d/main.tar.zst")).isEmpty();
        provider.delete("d/main.tar.zst");
        assertThat(provider.list("d/")).isEmpty();
    }

    @Test
    @DisplayName("an empty object is stored and read back empty")
    protected void emptyObject() throws Exception {
        StoredObject o = provider.write("e/main.tar.zst", InputStream.nullInputStream());
        assertThat(o.size()).isZero();
        assertThat(read("e/main.tar.zst")).isEmpty();
    }

    @Test
    @DisplayName("deeply nested keys work")
    protected void nestedKeys() throws Exception {
        String key = "altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/deep/er/main.tar.zst.age";
        provider.write(key, text("nested"));
        assertThat(read(key)).isEqualTo("nested");
        assertThat(provider.list("altcha-sentinel-backups/")).extracting(StoredObject::key).containsExactly(key);
    }

    @Test
    @DisplayName("a multi-MiB object is streamed in and out intact")
    protected void largeObjectStreamed() throws Exception {
        String expected = Streams.sha256(Streams.pseudoRandom(LARGE, 42));
        StoredObject o = provider.write("big/main.tar.zst", Streams.pseudoRandom(LARGE, 42));
        assertThat(o.size()).isEqualTo(LARGE);
        try (InputStream in = provider.read("big/main.tar.zst")) {
            assertThat(Streams.sha256(in)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a composed write stores a new head followed by another object's tail, leaving the source and refusing to overwrite")
    protected void composedWrite() throws Exception {
        provider.write("c/main.tar.zst", text("OLDHEAD|the payload"));
        StoredObject o = provider.writeComposed("c/main.tar.zst.rk", text("new header|"), "c/main.tar.zst", "OLDHEAD|".length());
        assertThat(o.size()).isEqualTo("new header|the payload".length());
        assertThat(read("c/main.tar.zst.rk")).isEqualTo("new header|the payload");
        assertThat(read("c/main.tar.zst")).isEqualTo("OLDHEAD|the payload");
        assertThatThrownBy(() -> provider.writeComposed("c/main.tar.zst.rk", text("x"), "c/main.tar.zst", 0))
                .isInstanceOf(io.github.dbsnap.SnapshotExistsException.class);
        assertThatThrownBy(() -> provider.writeComposed("c/other.tar.zst", text("x"), "c/missing.tar.zst", 0))
                .isInstanceOf(io.github.dbsnap.SnapshotNotFoundException.class);
        assertThat(provider.stat("c/other.tar.zst")).isEmpty();
        assertNoLeftovers();
    }

    @Test
    @DisplayName("a write whose data fails part-way leaves no object and no leftovers")
    protected void failedWriteLeavesNothing() throws Exception {
        assertThatThrownBy(() -> provider.write("f/main.tar.zst", Streams.failingAfter(LARGE / 3)))
                .isInstanceOf(StorageException.class);
        assertThat(provider.stat("f/main.tar.zst")).isEmpty();
        assertThat(provider.list("")).isEmpty();
        assertNoLeftovers();
    }

    @Test
    @DisplayName("keys that would leave the storage root are refused")
    protected void pathEscapeRefused() {
        for (String bad : List.of("../x.tar.zst", "/etc/passwd", "a/../../b.tar.zst", "a//b", "./a", "a\\..\\b", "")) {
            assertThatThrownBy(() -> provider.write(bad, text("x"))).as(bad).isInstanceOf(InvalidStorageKeyException.class);
            assertThatThrownBy(() -> provider.read(bad)).as(bad).isInstanceOf(InvalidStorageKeyException.class);
        }
        assertThat(provider.list("")).isEmpty();
    }

    @Test
    @DisplayName("a key's URI maps back to the same key")
    protected void uriRoundTrip() {
        provider.write("u/v/main.tar.gz", text("u"));
        assertThat(provider.keyOf(provider.uri("u/v/main.tar.gz"))).contains("u/v/main.tar.gz");
        assertThat(provider.location().toString()).doesNotContain("@");
    }

    @Test
    @DisplayName("close can be called twice")
    protected void closeTwice() {
        provider.close();
        provider.close();
        provider = null;
    }

    @Test
    @DisplayName("ServiceLoader finds the factory by its name and it creates a working provider")
    protected void discoveredByServiceLoader() throws Exception {
        String name = factory().name();
        assertThat(name).matches("[a-z0-9-]+");
        assertThat(StorageProviders.available()).contains(name);
        assertThat(ServiceLoader.load(StorageProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(factory().getClass());
        try (StorageProvider found = StorageProviders.create(name, ProviderConfig.of(settings))) {
            assertThat(found.name()).isEqualTo(name);
            found.write("found/main.tar.zst", text("found"));
        }
        assertThat(read("found/main.tar.zst")).isEqualTo("found");
    }

    @Test
    @DisplayName("a provider on a prefix stores below it, lists keys relative to it and maps its URIs back")
    protected void prefixIsApplied() throws Exception {
        provider.write("other/main.tar.zst", text("other"));
        try (StorageProvider team = open(prefixSettings("team/backups/"))) {
            team.write("db/main.tar.zst", text("abc"));
            assertThat(read("team/backups/db/main.tar.zst")).isEqualTo("abc");
            assertThat(team.list("")).extracting(StoredObject::key).containsExactly("db/main.tar.zst");
            assertThat(read(team, "db/main.tar.zst")).isEqualTo("abc");
            assertThat(team.uri("db/main.tar.zst")).isEqualTo(provider.uri("team/backups/db/main.tar.zst"));
            assertThat(team.keyOf(team.uri("db/main.tar.zst"))).contains("db/main.tar.zst");
            assertThat(keyOrRefused(team, provider.uri("other/main.tar.zst"))).as("a URI outside the prefix").isEmpty();
        }
    }

    /** A URI outside a provider's root maps to no key; refusing it is as good. */
    private static java.util.Optional<String> keyOrRefused(StorageProvider p, java.net.URI uri) {
        try {
            return p.keyOf(uri);
        } catch (InvalidStorageKeyException e) {
            return java.util.Optional.empty();
        }
    }

    @Test
    @DisplayName("listing follows every page when there are more objects than one page holds")
    protected void listingFollowsPages() {
        try (StorageProvider paged = open(smallPageSettings())) {
            for (int i = 0; i < 7; i++) {
                paged.write("p/" + i + "/main.tar.zst", new ByteArrayInputStream(new byte[i]));
            }
            paged.write("q/main.tar.zst", text("q"));
            assertThat(paged.list("p/")).hasSize(7).extracting(StoredObject::size).contains(0L, 6L);
            assertThat(paged.list("")).hasSize(8);
        }
    }

    @Test
    @DisplayName("directory markers left by other tools are not listed")
    protected void directoryMarkersNotListed() throws Exception {
        createDirectoryMarker("a/");
        createDirectoryMarker("a/b/");
        provider.write("a/main.tar.zst", text("a"));
        assertThat(provider.list("")).extracting(StoredObject::key).containsExactly("a/main.tar.zst");
        assertThat(provider.list("a/")).extracting(StoredObject::key).containsExactly("a/main.tar.zst");
    }

    @Test
    @DisplayName("of two concurrent writes of one key exactly one succeeds and the other is refused")
    protected void concurrentWritesOfOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Object>> writes = new ArrayList<>();
            for (int seed = 1; seed <= 2; seed++) {
                long s = seed;
                writes.add(() -> {
                    try {
                        return provider.write("race/main.tar.zst", Streams.pseudoRandom(6L * 1024 * 1024, s));
                    } catch (SnapshotExistsException e) {
                        return e;
                    }
                });
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : pool.invokeAll(writes)) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(o -> o instanceof StoredObject).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof SnapshotExistsException).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        long winner = provider.stat("race/main.tar.zst").orElseThrow().size();
        assertThat(winner).isEqualTo(6L * 1024 * 1024);
        try (InputStream in = provider.read("race/main.tar.zst")) {
            assertThat(Streams.sha256(in)).isIn(Streams.sha256(Streams.pseudoRandom(winner, 1)),
                    Streams.sha256(Streams.pseudoRandom(winner, 2)));
        }
        assertNoLeftovers();
    }

    @Test
    @DisplayName("cleanup removes leftovers of crashed writes once old enough and never touches stored objects")
    protected void cleanupRemovesLeftovers() throws Exception {
        provider.write("a/main.tar.zst", text("kept"));
        boolean planted = plantLeftover("a/crashed.tar.zst");
        if (planted) {
            assertThatThrownBy(this::assertNoLeftovers).as("assertNoLeftovers sees a planted leftover")
                    .isInstanceOf(AssertionError.class);
        }
        assertThat(provider.stat("a/crashed.tar.zst")).isEmpty();
        assertThat(provider.cleanup(Duration.ofHours(1))).as("a young leftover may be a write still running").isZero();
        assertThat(provider.cleanup(Duration.ZERO)).isEqualTo(planted ? 1 : 0);
        assertNoLeftovers();
        assertThat(provider.list("")).extracting(StoredObject::key).containsExactly("a/main.tar.zst");
        assertThat(read("a/main.tar.zst")).isEqualTo("kept");
    }
}
