package io.github.dbsnap.archive;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one snapshot tar, checking as it goes: {@code snapshot.json} first, only safe regular-file
 * entries, no duplicates, and at {@link #finish()} a manifest whose names, sizes and SHA-256 match
 * what was read, followed by nothing but the end of the archive. Not thread-safe.
 */
public final class SnapshotArchiveReader implements EntryReader, AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream raw;
    private final TarArchiveInputStream tar;
    private final SnapshotHeader header;
    private final List<Manifest.Entry> seen = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Throwable> thrown = Collections.newSetFromMap(new IdentityHashMap<>());
    private DigestingEntry current;
    private TarArchiveEntry pendingManifest;
    private boolean dataDone;

    /**
     * Reads and checks {@code snapshot.json} at once.
     *
     * @param decompressed the tar bytes; closed by {@link #close()}
     * @throws CorruptSnapshotException when the archive does not start with a valid header
     */
    public SnapshotArchiveReader(InputStream decompressed) throws IOException {
        this.raw = decompressed;
        this.tar = new GuardedTarInputStream(decompressed);
        TarArchiveEntry first = nextTarEntry();
        if (first == null || !first.getName().equals(Formats.HEADER_ENTRY)) {
            throw new CorruptSnapshotException("not a dbsnap snapshot: the archive does not start with "
                    + Formats.HEADER_ENTRY);
        }
        this.header = readJson(first, SnapshotHeader.class);
        if (!Formats.FORMAT.equals(header.format())) {
            throw new CorruptSnapshotException("unsupported snapshot format '" + header.format()
                    + "'; this dbsnap reads " + Formats.FORMAT);
        }
    }

    /** @return the parsed {@code snapshot.json} */
    public SnapshotHeader header() {
        return header;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public Optional<ArchiveEntry> next() throws IOException {
        try {
            return nextEntry();
        } catch (IOException e) {
            throw record(e);
        }
    }

    /**
     * Tells failures of the snapshot's own bytes (download, decryption, decompression, tar) from
     * failures of whoever consumes them, such as a source whose staging disk is full.
     *
     * @return true when {@code failure} or one of its causes was thrown by this reader's streams
     */
    public boolean threw(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (thrown.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private IOException record(IOException e) {
        thrown.add(e);
        return e;
    }

    private Optional<ArchiveEntry> nextEntry() throws IOException {
        finishCurrent();
        if (dataDone) {
            return Optional.empty();
        }
        TarArchiveEntry e = nextTarEntry();
        if (e == null) {
            throw new CorruptSnapshotException("incomplete snapshot: the archive ends without " + Formats.MANIFEST_ENTRY);
        }
        if (e.getName().equals(Formats.MANIFEST_ENTRY)) {
            dataDone = true;
            pendingManifest = e;
            return Optional.empty();
        }
        if (seen.size() >= Formats.MAX_ENTRIES) {
            throw new CorruptSnapshotException("snapshot has more than " + Formats.MAX_ENTRIES + " entries");
        }
        if (!names.add(e.getName()) || e.getName().equals(Formats.HEADER_ENTRY)) {
            throw new CorruptSnapshotException("snapshot has a duplicate entry '" + e.getName() + "'");
        }
        current = new DigestingEntry(e.getName(), e.getSize());
        return Optional.of(new ArchiveEntry(e.getName(), e.getSize(), current));
    }

    /**
     * Drains any unread data entries, reads the manifest, checks it against what was read and
     * reads the rest of the stream so that every outer layer verifies its own checksum or tag.
     *
     * @return the verified manifest
     * @throws CorruptSnapshotException when anything does not match
     */
    public Manifest finish() throws IOException {
        try {
            return readManifest();
        } catch (IOException e) {
            throw record(e);
        }
    }

    private Manifest readManifest() throws IOException {
        while (nextEntry().isPresent()) {
            // drain entries the source did not read; their checksums still count
        }
        Manifest manifest = readJson(pendingManifest, Manifest.class);
        if (!Formats.FORMAT.equals(manifest.format())) {
            throw new CorruptSnapshotException("manifest has unsupported format '" + manifest.format() + "'");
        }
        if (!manifest.entries().equals(seen)) {
            throw new CorruptSnapshotException("snapshot does not match its manifest: " + describeMismatch(manifest.entries()));
        }
        if (nextTarEntry() != null) {
            throw new CorruptSnapshotException("snapshot has entries after " + Formats.MANIFEST_ENTRY);
        }
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = raw.read(buf)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != 0) {
                    throw new CorruptSnapshotException("snapshot has data after the end of its archive");
                }
            }
        }
        return manifest;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private String describeMismatch(List<Manifest.Entry> expected) {
        if (expected.size() != seen.size()) {
            return "manifest lists " + expected.size() + " entries, archive has " + seen.size();
        }
        for (int i = 0; i < seen.size(); i++) {
            Manifest.Entry want = expected.get(i);
            Manifest.Entry got = seen.get(i);
            if (!java.util.Objects.equals(want.name(), got.name())) {
                return "entry " + i + " is '" + got.name() + "', manifest says '" + want.name() + "'";
            }
            if (want.size() != got.size()) {
                return "entry '" + got.name() + "' has " + got.size() + " bytes, manifest says " + want.size();
            }
            if (!java.util.Objects.equals(got.sha256(), want.sha256())) {
                return "entry '" + got.name() + "' fails its SHA-256 check";
            }
        }
        return "unknown difference";
    }

    private TarArchiveEntry nextTarEntry() throws IOException {
        TarArchiveEntry e;
        try {
            e = tar.getNextEntry();
        } catch (IllegalArgumentException ex) {
            throw new CorruptSnapshotException("snapshot archive is malformed: " + ex.getMessage(), ex);
        }
        if (e == null) {
            return null;
        }
        String problem = EntryNames.problem(e.getName());
        if (problem != null) {
            throw new CorruptSnapshotException("snapshot refused: " + problem);
        }
        // only plain files: commons-compress calls unknown types (volume labels, 'Z', …) files too
        byte type = e.getLinkFlag();
        boolean plain = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
        if (!plain || !e.isFile() || e.isSparse() || e.isLink() || e.isSymbolicLink() || e.isDirectory()
                || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw new CorruptSnapshotException("snapshot refused: entry '" + e.getName() + "' is not a regular file");
        }
        if (e.getSize() < 0) {
            throw new CorruptSnapshotException("snapshot refused: entry '" + e.getName() + "' has a negative size");
        }
        return e;
    }

    private <T> T readJson(TarArchiveEntry e, Class<T> type) throws IOException {
        if (e.getSize() > Formats.MAX_JSON_BYTES) {
            throw new CorruptSnapshotException(e.getName() + " is larger than " + Formats.MAX_JSON_BYTES + " bytes");
        }
        byte[] json = tar.readNBytes((int) e.getSize());
        if (json.length != e.getSize()) {
            throw new CorruptSnapshotException("snapshot is truncated inside " + e.getName());
        }
        try {
            T value = Formats.JSON.readValue(json, type);
            if (value == null) {
                throw new CorruptSnapshotException(e.getName() + " is empty");
            }
            return value;
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof CorruptSnapshotException c) {
                throw c;
            }
            throw new CorruptSnapshotException(e.getName() + " is not valid: " + ex.getMessage().lines().findFirst().orElse(""), ex);
        }
    }

    private void finishCurrent() throws IOException {
        if (current == null) {
            return;
        }
        DigestingEntry entry = current;
        current = null;
        entry.drain();
        if (entry.count != entry.size) {
            throw new CorruptSnapshotException("snapshot is truncated inside entry '" + entry.name + "'");
        }
        seen.add(new Manifest.Entry(entry.name, entry.size, Hex.of(entry.sha.digest())));
    }

    /** The current entry's bytes, hashed as they are read by whoever reads them. */
    private final class DigestingEntry extends InputStream {
        private final String name;
        private final long size;
        private final MessageDigest sha = Hex.sha256();
        private long count;
        private boolean finished;

        DigestingEntry(String name, long size) {
            this.name = name;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (finished) {
                return -1;
            }
            int n;
            try {
                n = tar.read(b, off, len);
            } catch (IOException e) {
                throw record(e);
            }
            if (n > 0) {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        void drain() throws IOException {
            byte[] buf = new byte[BUFFER];
            while (read(buf, 0, buf.length) >= 0) {
                // hash what the source left unread
            }
            finished = true;
        }

        @Override
        public void close() {
            // the archive owns the stream; sources must not end it early
        }
    }
}
