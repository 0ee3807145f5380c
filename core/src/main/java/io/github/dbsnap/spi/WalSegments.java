package io.github.dbsnap.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The segments of one generation to replay on restore, in order; each is decrypted, decompressed and checked as it is read. */
public interface WalSegments {
    /** @return how many segments there are */
    int size();

    /** @return a name of segment {@code i} for messages (its storage key) */
    String name(int i);

    /**
     * Opens segment {@code i}'s payload. Reading it to the end checks the object's integrity trailer
     * (and age tags); a damaged segment fails with {@link io.github.dbsnap.CorruptSnapshotException}.
     * The caller closes the stream.
     */
    InputStream open(int i) throws IOException;

    /** @return segment names, for messages */
    default List<String> names() {
        return java.util.stream.IntStream.range(0, size()).mapToObj(this::name).toList();
    }
}
