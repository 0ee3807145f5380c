package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The logical entries of a {@code jdbc} snapshot: an entry written whole ({@code tables/t.csv}, as every
 * snapshot before parts had) comes back as it is; the parts {@code tables/t.csv.part-000001}, {@code …2},
 * … written by {@link PartWriter} come back as one entry named {@code tables/t.csv} whose content reads
 * them in order. A part out of order, or a later part without the ones before it, fails the read. Not
 * thread-safe.
 */
final class PartReader {
    private final EntryReader in;
    private ArchiveEntry pending;
    private Parts current;

    PartReader(EntryReader in) {
        this.in = in;
    }

    /** @return the next logical entry; the previous one's content is drained first */
    Optional<ArchiveEntry> next() throws IOException {
        if (current != null) {
            current.transferTo(java.io.OutputStream.nullOutputStream());
            current = null;
        }
        ArchiveEntry e = pending != null ? pending : in.next().orElse(null);
        pending = null;
        if (e == null) {
            return Optional.empty();
        }
        int mark = e.name().lastIndexOf(PartWriter.PART_MARK);
        if (mark < 0 || !isNumber(e.name().substring(mark + PartWriter.PART_MARK.length()))) {
            return Optional.of(e);
        }
        String base = e.name().substring(0, mark);
        if (!e.name().equals(PartWriter.partName(base, 1))) {
            throw new IOException("entry '" + e.name() + "' is a part of '" + base
                    + "', but the parts before it are not right before it; the snapshot is malformed");
        }
        current = new Parts(base, e);
        return Optional.of(new ArchiveEntry(base, -1, current));
    }

    private static boolean isNumber(String s) {
        return s.length() == 6 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** The content of every part of one entry, in order; stops before the first entry that is not its next part. */
    private final class Parts extends InputStream {
        private final String base;
        private InputStream part;
        private int index = 1;

        Parts(String base, ArchiveEntry first) {
            this.base = base;
            this.part = first.content();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (part != null) {
                int n = part.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                nextPart();
            }
            return -1;
        }

        private void nextPart() throws IOException {
            part = null;
            Optional<ArchiveEntry> e = in.next();
            if (e.isEmpty()) {
                return;
            }
            if (e.get().name().equals(PartWriter.partName(base, index + 1))) {
                index++;
                part = e.get().content();
            } else {
                pending = e.get();
            }
        }

        @Override
        public void close() {
            // the archive's streams are not closed by their readers
        }
    }
}
