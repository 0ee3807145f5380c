package io.github.dbsnap.reliability;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.SmallFilesystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source that spools what it stages to local files, the way the Redis source does, on a file
 * system that fills up: the restore must say that this host ran out of space, never that the
 * snapshot is corrupt, since that would send the operator to throw away a good snapshot.
 */
class StagingDiskFullTest {
    @TempDir
    Path dir;

    /** Spools each entry to a file in {@code spool} with plain JDK I/O, leaving its exceptions untranslated. */
    private static final class SpoolingSource extends ForwardingSource {
        private final Path spool;

        SpoolingSource(MapSource live, Path spool) {
            super(live);
            this.spool = spool;
        }

        @Override
        public StagedRestore stage(EntryReader in) throws IOException {
            Optional<ArchiveEntry> e;
            int i = 0;
            while ((e = in.next()).isPresent()) {
                Files.copy(e.get().content(), spool.resolve("entry-" + i++));
            }
            throw new IllegalStateException("the test expects staging to fail");
        }
    }

    @Test
    @DisplayName("a full disk while a source stages is reported as no space on this host, not as a corrupt snapshot")
    void fullStagingDiskIsNotCorruption() throws Exception {
        byte[] data = new byte[2 << 20];
        new Random(15).nextBytes(data);
        MapSource live = new MapSource(Map.of("big", data));
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("small"), 512 << 10);
             SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).staleAfter(null)
                     .database("db", new SpoolingSource(live, small.dir())).build()) {
            SnapshotInfo info = s.create("db");
            assertThatThrownBy(() -> s.restore(info.key()))
                    .isInstanceOf(DatabaseSourceException.class)
                    .isNotInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("failed on this host, not because of the snapshot")
                    .hasMessageContaining("No space left on device");
            s.verify(info.key());
        }
        assertThat(Arrays.equals(live.data().get("big"), data)).isTrue();
    }
}
