package io.github.dbsnap.spi;

import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parts of a streamed upload: off-heap chunks from a pool, replayable, released after upload. */
class PartTest {

    @Test
    @DisplayName("a part holds exactly the bytes read, across chunk boundaries, and replays them on every stream")
    void replaysAcrossChunks() throws Exception {
        byte[] data = Streams.pseudoRandom(700_000, 3).readAllBytes();
        InputStream in = new ByteArrayInputStream(data);
        Part first = Part.read(in, 600_000);
        Part rest = Part.read(in, 600_000);
        Part end = Part.read(in, 600_000);
        assertThat(first.length()).isEqualTo(600_000);
        assertThat(rest.length()).as("short only at the end of the stream").isEqualTo(100_000);
        assertThat(end.length()).isZero();
        assertThat(first.newInputStream().readAllBytes()).isEqualTo(Arrays.copyOf(data, 600_000));
        assertThat(first.newInputStream().readAllBytes()).as("a second stream replays from the start")
                .isEqualTo(Arrays.copyOf(data, 600_000));
        assertThat(rest.newInputStream().readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 600_000, 700_000));
        assertThat(end.newInputStream().read()).isEqualTo(-1);
        long buffered = first.buffers().stream().mapToLong(ByteBuffer::remaining).sum();
        assertThat(buffered).isEqualTo(600_000);
        assertThat(first.buffers()).allSatisfy(b -> assertThat(b.isReadOnly()).isTrue());
        first.release();
        rest.release();
    }

    @Test
    @DisplayName("a released part cannot be read any more, and its chunks carry the next part's bytes intact")
    void releasedChunksAreReused() throws Exception {
        Part old = Part.read(Streams.pseudoRandom(300_000, 1), 300_000);
        old.release();
        old.release(); // idempotent: the chunks are not pooled twice
        assertThatThrownBy(old::newInputStream).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        byte[] a = Streams.pseudoRandom(300_000, 2).readAllBytes();
        byte[] b = Streams.pseudoRandom(300_000, 4).readAllBytes();
        Part pa = Part.read(new ByteArrayInputStream(a), 300_000);
        Part pb = Part.read(new ByteArrayInputStream(b), 300_000);
        assertThat(pa.newInputStream().readAllBytes()).isEqualTo(a);
        assertThat(pb.newInputStream().readAllBytes()).isEqualTo(b);
        assertThat(pa.buffers().get(0).isDirect()).as("chunks are off-heap").isTrue();
        pa.release();
        pb.release();
    }
}
