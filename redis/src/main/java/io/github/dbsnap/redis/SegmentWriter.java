package io.github.dbsnap.redis;

import io.github.dbsnap.spi.EntryWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;

/**
 * Buffers records into segments of at most {@link #SEGMENT_BYTES} (a single larger key gets a
 * segment of its own, streamed without a copy) and hands each full segment to the {@link EntryWriter} with its size. Not thread-safe.
 */
final class SegmentWriter {
    static final int SEGMENT_BYTES = 8 * 1024 * 1024;

    private final EntryWriter out;
    private final ExposedBuffer buffer = new ExposedBuffer();
    private final DataOutputStream data = new DataOutputStream(buffer);
    private int segments;
    private long keys;

    SegmentWriter(EntryWriter out) {
        this.out = out;
    }

    void add(KeyRecord r) throws IOException {
        if (buffer.size() > 0 && buffer.size() + r.encodedSize() > SEGMENT_BYTES) {
            flush();
        }
        if (r.encodedSize() > SEGMENT_BYTES) {
            // a big key is streamed from its payload array, not copied into a growing buffer (twice its size)
            byte[] header = RecordFormat.header(r);
            segments++;
            out.write(RecordFormat.segmentName(segments), r.encodedSize(), new SequenceInputStream(
                    new ByteArrayInputStream(header), new ByteArrayInputStream(r.payload())));
            keys++;
            return;
        }
        RecordFormat.write(data, r);
        keys++;
        if (buffer.size() >= SEGMENT_BYTES) {
            flush();
        }
    }

    /** Writes the last, partly filled segment; an empty database still gets one (empty) segment. */
    void finish() throws IOException {
        data.flush();
        if (buffer.size() > 0 || segments == 0) {
            segments++;
            writeSegment();
        }
    }

    long keys() {
        return keys;
    }

    private void flush() throws IOException {
        data.flush();
        if (buffer.size() == 0) {
            return;
        }
        segments++;
        writeSegment();
    }

    private void writeSegment() throws IOException {
        out.write(RecordFormat.segmentName(segments), buffer.size(),
                new ByteArrayInputStream(buffer.array(), 0, buffer.size()));
        buffer.reset();
    }

    /** Gives access to the internal array, so a segment is not copied once more. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
