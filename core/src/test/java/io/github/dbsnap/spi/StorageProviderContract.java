package io.github.dbsnap.spi;

import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link StorageProvider} must do. A module extends this class and supplies
 * {@link #newProvider()} backed by the real thing (a directory, S3Proxy, Azurite). A module may
 * skip a case only by overriding it with a stated reason.
 */
public abstract class StorageProviderContract {
    /** Size of the large streamed object; large enough to need several parts or blocks. */
    protected static final long LARGE = 24L * 1024 * 1024;

    protected StorageProvider provider;

    /** @return a new provider on an empty store */
    protected abstract StorageProvider newProvider() throws Exception;

    /** Asserts that no staging leftovers (temp files, multipart uploads, uncommitted blocks) remain. */
    protected void assertNoLeftovers() throws Exception {
    }

    @BeforeEach
    void openProvider() throws Exception {
        provider = newProvider();
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
        try (InputStream in = provider.read(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("an object written can be read back byte for byte")
    void roundTrip() throws Exception {
        StoredObject o = provider.write("snaps/2026/main.tar.zst", text("hello snapshot"));
        assertThat(o.key()).isEqualTo("snaps/2026/main.tar.zst");
        assertThat(o.size()).isEqualTo(14);
        assertThat(read("snaps/2026/main.tar.zst")).isEqualTo("hello snapshot");
        assertThat(provider.stat("snaps/2026/main.tar.zst")).get().extracting(StoredObject::size).isEqualTo(14L);
    }

    @Test
    @DisplayName("reading a missing key throws SnapshotNotFoundException naming the key")
    void missingKeyThrowsSnapshotNotFound() {
        assertThatThrownBy(() -> provider.read("nope/main.tar.zst"))
                .isInstanceOf(SnapshotNotFoundException.class)
                .hasMessageContaining("nope/main.tar.zst");
        assertThat(provider.stat("nope/main.tar.zst")).isEmpty();
    }

    @Test
    @DisplayName("listing returns exactly the objects under a prefix, with sizes")
    void listByPrefix() {
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
    void writingExistingKeyIsRefused() throws Exception {
        provider.write("x/main.tar.zst", text("original"));
        assertThatThrownBy(() -> provider.write("x/main.tar.zst", text("replacement")))
                .isInstanceOf(SnapshotExistsException.class);
        assertThat(read("x/main.tar.zst")).isEqualTo("original");
    }

    @Test
    @DisplayName("delete removes an object and deleting again is not an error")
    void deleteIsIdempotent() {
        provider.write("d/main.tar.zst", text("x"));
        provider.delete("d/main.tar.zst");
        assertThat(provider.stat("d/main.tar.zst")).isEmpty();
        provider.delete("d/main.tar.zst");
        assertThat(provider.list("d/")).isEmpty();
    }

    @Test
    @DisplayName("an empty object is stored and read back empty")
    void emptyObject() throws Exception {
        StoredObject o = provider.write("e/main.tar.zst", InputStream.nullInputStream());
        assertThat(o.size()).isZero();
        assertThat(read("e/main.tar.zst")).isEmpty();
    }

    @Test
    @DisplayName("deeply nested keys work")
    void nestedKeys() throws Exception {
        String key = "altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/deep/er/main.tar.zst.age";
        provider.write(key, text("nested"));
        assertThat(read(key)).isEqualTo("nested");
        assertThat(provider.list("altcha-sentinel-backups/")).extracting(StoredObject::key).containsExactly(key);
    }

    @Test
    @DisplayName("a multi-MiB object is streamed in and out intact")
    void largeObjectStreamed() throws Exception {
        String expected = Streams.sha256(Streams.pseudoRandom(LARGE, 42));
        StoredObject o = provider.write("big/main.tar.zst", Streams.pseudoRandom(LARGE, 42));
        assertThat(o.size()).isEqualTo(LARGE);
        try (InputStream in = provider.read("big/main.tar.zst")) {
            assertThat(Streams.sha256(in)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a write whose data fails part-way leaves no object and no leftovers")
    void failedWriteLeavesNothing() throws Exception {
        assertThatThrownBy(() -> provider.write("f/main.tar.zst", Streams.failingAfter(LARGE / 3)))
                .isInstanceOf(StorageException.class);
        assertThat(provider.stat("f/main.tar.zst")).isEmpty();
        assertThat(provider.list("")).isEmpty();
        assertNoLeftovers();
    }

    @Test
    @DisplayName("keys that would leave the storage root are refused")
    void pathEscapeRefused() {
        for (String bad : List.of("../x.tar.zst", "/etc/passwd", "a/../../b.tar.zst", "a//b", "./a", "a\\..\\b", "")) {
            assertThatThrownBy(() -> provider.write(bad, text("x"))).as(bad).isInstanceOf(InvalidStorageKeyException.class);
            assertThatThrownBy(() -> provider.read(bad)).as(bad).isInstanceOf(InvalidStorageKeyException.class);
        }
        assertThat(provider.list("")).isEmpty();
    }

    @Test
    @DisplayName("a key's URI maps back to the same key")
    void uriRoundTrip() {
        provider.write("u/v/main.tar.gz", text("u"));
        assertThat(provider.keyOf(provider.uri("u/v/main.tar.gz"))).contains("u/v/main.tar.gz");
        assertThat(provider.location().toString()).doesNotContain("@");
    }

    @Test
    @DisplayName("close can be called twice")
    void closeTwice() {
        provider.close();
        provider.close();
        provider = null;
    }
}
