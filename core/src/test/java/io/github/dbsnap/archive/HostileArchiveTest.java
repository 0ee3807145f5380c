package io.github.dbsnap.archive;

import io.github.dbsnap.Compression;
import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots crafted to break the reader: each is refused with a DbsnapException and nothing reaches live data. */
class HostileArchiveTest {
    private static final String KEY = "x/db.tar.zst";
    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private final MapSource live = new MapSource(Map.of("live", "untouched".getBytes(StandardCharsets.UTF_8)));
    private final SnapshotService service = SnapshotService.builder().storage(storage).database("db", live).build();

    @AfterEach
    void close() {
        service.close();
    }

    private static final String HEADER = "{\"format\":\"dbsnap/1\",\"database\":\"db\",\"source\":\"map\","
            + "\"createdAt\":\"2026-11-26T00:00:00Z\",\"compression\":\"zstd\",\"encrypted\":false}";

    private record E(String name, byte[] data, byte type) {
        E(String name, String data) {
            this(name, data.getBytes(StandardCharsets.UTF_8), TarArchiveEntry.LF_NORMAL);
        }
    }

    private static String manifestFor(List<E> entries) {
        StringBuilder sb = new StringBuilder("{\"format\":\"dbsnap/1\",\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            E e = entries.get(i);
            var md = Hex.sha256();
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(e.name()).append("\",\"size\":")
                    .append(e.data().length).append(",\"sha256\":\"").append(Hex.of(md.digest(e.data()))).append("\"}");
        }
        return sb.append("],\"counts\":{},\"completedAt\":\"2026-11-26T00:00:01Z\"}").toString();
    }

    private static byte[] tar(List<E> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream z = Compressors.compress(buf, Compression.ZSTD, 3, 0);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (E e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), e.type(), true);
                if (e.type() == TarArchiveEntry.LF_SYMLINK || e.type() == TarArchiveEntry.LF_LINK) {
                    t.setLinkName("/etc/passwd");
                } else {
                    t.setSize(e.data().length);
                }
                tar.putArchiveEntry(t);
                if (t.getSize() > 0) {
                    tar.write(e.data());
                }
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    private void assertRefused(byte[] object, String messagePart) {
        storage.delete(KEY);
        storage.put(KEY, object);
        var thrown = assertThatThrownBy(() -> service.restore(KEY)).isInstanceOf(DbsnapException.class);
        if (messagePart != null) {
            thrown.hasMessageContaining(messagePart);
        }
        assertThatThrownBy(() -> service.verify(KEY)).isInstanceOf(DbsnapException.class);
        assertThat(live.data()).containsOnlyKeys("live");
        assertThat(live.commits()).isZero();
    }

    @Test
    @DisplayName("a well-formed crafted snapshot restores, so the cases below fail for the reason they name")
    void wellFormedControl() throws IOException {
        List<E> data = List.of(new E("a.bin", "payload"));
        storage.put(KEY, tar(List.of(new E("snapshot.json", HEADER), data.get(0), new E("manifest.json", manifestFor(data)))));
        service.restore(KEY);
        assertThat(live.data()).containsOnlyKeys("a.bin");
    }

    @Test
    @DisplayName("entry names that escape the archive are refused")
    void escapingNames() throws IOException {
        for (String name : List.of("../x", "/etc/passwd", "a/../../x", "./a")) {
            List<E> data = List.of(new E(name, "evil"));
            assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0), new E("manifest.json", manifestFor(data)))),
                    "refused");
        }
    }

    @Test
    @DisplayName("symbolic links, hard links and directories are refused")
    void linksRefused() throws IOException {
        for (byte type : new byte[] {TarArchiveEntry.LF_SYMLINK, TarArchiveEntry.LF_LINK, TarArchiveEntry.LF_DIR,
                TarArchiveEntry.LF_CHR, TarArchiveEntry.LF_FIFO}) {
            E link = new E(type == TarArchiveEntry.LF_DIR ? "d/" : "link", new byte[0], type);
            assertRefused(tar(List.of(new E("snapshot.json", HEADER), link, new E("manifest.json", manifestFor(List.of())))),
                    "snapshot refused");
        }
    }

    @Test
    @DisplayName("duplicate entries are refused")
    void duplicatesRefused() throws IOException {
        List<E> data = List.of(new E("a.bin", "1"), new E("a.bin", "2"));
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0), data.get(1), new E("manifest.json", manifestFor(data)))),
                "duplicate");
    }

    @Test
    @DisplayName("a manifest that lies about a checksum or a size is refused")
    void lyingManifest() throws IOException {
        List<E> data = List.of(new E("a.bin", "payload"));
        List<E> claimed = List.of(new E("a.bin", "pAyload"));
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0), new E("manifest.json", manifestFor(claimed)))),
                "SHA-256");
        List<E> longer = List.of(new E("a.bin", "payload!"));
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0), new E("manifest.json", manifestFor(longer)))),
                "manifest says");
    }

    @Test
    @DisplayName("a manifest entry without a name or a checksum is refused, not a NullPointerException")
    void manifestEntryWithNulls() throws IOException {
        List<E> data = List.of(new E("a.bin", "payload"));
        String good = manifestFor(data);
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0),
                new E("manifest.json", good.replace("\"name\":\"a.bin\"", "\"name\":null")))), "manifest.json is not valid");
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0),
                new E("manifest.json", good.replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":null")))), "manifest.json is not valid");
    }

    @Test
    @DisplayName("a snapshot without a manifest is incomplete and refused")
    void missingManifest() throws IOException {
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), new E("a.bin", "payload"))), "incomplete");
    }

    @Test
    @DisplayName("entries after the manifest are refused")
    void entriesAfterManifest() throws IOException {
        List<E> data = List.of(new E("a.bin", "payload"));
        assertRefused(tar(List.of(new E("snapshot.json", HEADER), data.get(0), new E("manifest.json", manifestFor(data)),
                new E("late.bin", "late"))), "after manifest.json");
    }

    @Test
    @DisplayName("an archive not starting with snapshot.json, or of another format, is refused")
    void wrongHeader() throws IOException {
        List<E> data = List.of(new E("a.bin", "payload"));
        assertRefused(tar(List.of(data.get(0), new E("manifest.json", manifestFor(data)))), "does not start with");
        assertRefused(tar(List.of(new E("snapshot.json", HEADER.replace("dbsnap/1", "dbsnap/9")), data.get(0),
                new E("manifest.json", manifestFor(data)))), "unsupported snapshot format");
        assertRefused(tar(List.of(new E("snapshot.json", "{not json"), data.get(0), new E("manifest.json", manifestFor(data)))),
                "not valid");
    }

    @Test
    @DisplayName("an enormous JSON entry is refused before it is read")
    void enormousJson() throws IOException {
        byte[] big = new byte[Formats.MAX_JSON_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertRefused(tar(List.of(new E("snapshot.json", big, TarArchiveEntry.LF_NORMAL))), "larger than");
    }

    @Test
    @DisplayName("random bytes and data that is not zstd or gzip are refused")
    void randomBytes() {
        Random r = new Random(1);
        for (int size : new int[] {0, 1, 3, 100, 10_000}) {
            byte[] junk = new byte[size];
            r.nextBytes(junk);
            assertRefused(junk, null);
        }
        assertRefused("plain text is no snapshot".getBytes(StandardCharsets.UTF_8), "neither zstd nor gzip");
    }

    @Test
    @DisplayName("a header entry that is not a regular file named snapshot.json is CorruptSnapshotException")
    void corruptType() throws IOException {
        storage.put(KEY, tar(List.of(new E("other.json", HEADER))));
        assertThatThrownBy(() -> service.verify(KEY)).isInstanceOf(CorruptSnapshotException.class);
    }
}
