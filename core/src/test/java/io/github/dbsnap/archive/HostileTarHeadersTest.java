package io.github.dbsnap.archive;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tar headers that lie: sizes far larger than the data, PAX records with huge lengths or values,
 * devices and GNU extensions, and random damage to the uncompressed tar under a valid compression
 * layer. Each ends in one {@link DbsnapException} in bounded time and memory (this class also runs in
 * a small heap, see core's pom), and nothing reaches live data.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileTarHeadersTest {
    private static final String KEY = "t/db.tar.zst";
    private static final byte[] HEADER = ("{\"format\":\"dbsnap/1\",\"database\":\"db\",\"source\":\"map\","
            + "\"createdAt\":\"2026-11-26T00:00:00Z\",\"compression\":\"zstd\",\"encrypted\":false}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);
    private static final MemoryStorageProvider STORAGE = new MemoryStorageProvider();
    private static final MapSource LIVE = new MapSource(Map.of("live", "untouched".getBytes(StandardCharsets.UTF_8)));
    private static final SnapshotService SERVICE = SnapshotService.builder().storage(STORAGE).database("db", LIVE).build();

    @AfterContainer
    static void close() {
        SERVICE.close();
    }

    private static byte[] manifest(String name, long size, byte[] data) {
        return ("{\"format\":\"dbsnap/1\",\"entries\":[{\"name\":\"" + name + "\",\"size\":" + size + ",\"sha256\":\""
                + Hex.of(Hex.sha256().digest(data)) + "\"}],\"counts\":{},\"completedAt\":\"2026-11-26T00:00:01Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static RawTar start() {
        return new RawTar().file("snapshot.json", HEADER);
    }

    private static byte[] validTar() {
        return start().file("a.bin", DATA).file("manifest.json", manifest("a.bin", DATA.length, DATA)).bytes(false);
    }

    private static void assertRefused(byte[] object) {
        STORAGE.delete(KEY);
        STORAGE.put(KEY, object);
        assertThatThrownBy(() -> SERVICE.verify(KEY)).isInstanceOf(DbsnapException.class);
        assertThatThrownBy(() -> SERVICE.restore(KEY)).isInstanceOf(DbsnapException.class);
        assertThat(LIVE.data()).containsOnlyKeys("live");
    }

    @Test
    @DisplayName("the hand-written control archive restores, so the cases below fail for the reason they name")
    void control() throws IOException {
        STORAGE.put(KEY, RawTar.compress(validTar()));
        SERVICE.verify(KEY);
    }

    @Test
    @DisplayName("an entry declaring a terabyte with a few bytes of data is refused")
    void declaredSizeFarLargerThanData() throws IOException {
        assertRefused(RawTar.compress(start().entry("a.bin", '0', 1L << 40, DATA).bytes(true)));
        assertRefused(RawTar.compress(start().entry("a.bin", '0', 1L << 40, DATA).bytes(false)));
        byte[] json = manifest("a.bin", 1L << 40, DATA);
        assertRefused(RawTar.compress(start().entry("a.bin", '0', 10_000, DATA).file("manifest.json", json).bytes(false)));
    }

    @Test
    @DisplayName("snapshot.json or manifest.json declaring gigabytes is refused before anything is read")
    void hugeJsonDeclared() throws IOException {
        assertRefused(RawTar.compress(new RawTar().entry("snapshot.json", '0', 3L << 30, HEADER).bytes(true)));
        assertRefused(RawTar.compress(start().file("a.bin", DATA).entry("manifest.json", '0', 3L << 30, DATA).bytes(true)));
    }

    @Test
    @DisplayName("PAX records with huge lengths, huge sizes or negative sizes are refused")
    void hostilePaxRecords() throws IOException {
        for (String records : new String[] {"999999999999 path=a.bin\n", "2147483647 path=x\n",
                "30 size=99999999999999999999\n", "20 size=-5\n", "9 path=\n", "x path=y\n",
                "25 path=../../etc/passwd\n", "20 path=/etc/passwd\n"}) {
            assertRefused(RawTar.compress(start().pax(records).file("a.bin", DATA)
                    .file("manifest.json", manifest("a.bin", DATA.length, DATA)).bytes(false)));
        }
    }

    @Test
    @DisplayName("a PAX value of 256 MiB (a few hundred KiB compressed) is refused without exhausting memory")
    void enormousPaxValue() throws IOException {
        int n = 256 << 20;
        String head = (n + 16) + " path=";
        int len = Integer.parseInt(head.substring(0, head.indexOf(' ')));
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        tar.writeBytes(start().bytes(true));
        int body = len; // record length as declared: head + value + newline
        tar.writeBytes(RawTar.header("PaxHeaders/x", 'x', body));
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (var out = Compressors.compress(z, io.github.dbsnap.Compression.ZSTD, 3, 0)) {
            out.write(tar.toByteArray());
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            long left = body - head.length() - 1;
            while (left > 0) {
                int k = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, k);
                left -= k;
            }
            out.write('\n');
            out.write(new byte[(512 - body % 512) % 512]);
            out.write(RawTar.header("a.bin", '0', DATA.length));
            out.write(DATA);
            out.write(new byte[512 - DATA.length + 1024]);
        }
        assertRefused(z.toByteArray());
    }

    @Test
    @DisplayName("block devices, GNU long names and sparse files, global PAX headers and unknown types are refused")
    void otherTypes() throws IOException {
        for (char type : new char[] {'4', '3', '6', 'S', 'V', 'M', 'Z'}) {
            assertRefused(RawTar.compress(start().entry("dev", type, 0, new byte[0])
                    .file("manifest.json", manifest("dev", 0, new byte[0])).bytes(false)));
        }
        assertRefused(RawTar.compress(start().entry("././@LongLink", 'L', 1L << 33, DATA).bytes(true)));
        assertRefused(RawTar.compress(start().entry("g", 'g', 1L << 33, DATA).bytes(true)));
    }

    /**
     * Damage to the tar itself, under a valid compression layer: either refused, or (damage in fields
     * the reader ignores, such as mtime or padding) restored with exactly the original data.
     */
    @Property(tries = 400, seed = "20261126")
    void damagedTarIsRefusedOrHarmless(@ForAll("positions") int position, @ForAll byte value) throws IOException {
        byte[] tar = validTar();
        if (tar[position] == value) {
            return;
        }
        tar[position] = value;
        STORAGE.delete(KEY);
        STORAGE.put(KEY, RawTar.compress(tar));
        int before = LIVE.commits();
        try {
            SERVICE.restore(KEY);
            assertThat(LIVE.data()).containsOnlyKeys("a.bin");
            assertThat(LIVE.data().get("a.bin")).isEqualTo(DATA);
            LIVE.set(Map.of("live", "untouched".getBytes(StandardCharsets.UTF_8)));
        } catch (DbsnapException e) {
            assertThat(LIVE.commits()).isEqualTo(before);
            assertThat(LIVE.data()).containsOnlyKeys("live");
        }
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, validTar().length - 1);
    }
}
