package io.github.dbsnap.archive;

import io.github.dbsnap.internal.Hex;
import io.github.dbsnap.spi.EntryWriter;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one snapshot as a POSIX/PAX tar: {@code snapshot.json}, the data entries with their SHA-256,
 * then {@code manifest.json}. Not thread-safe.
 */
public final class SnapshotArchiveWriter implements EntryWriter, AutoCloseable {
    /** Name prefix of the temp files that entries of unknown size are spooled to. */
    public static final String SPOOL_PREFIX = ".dbsnap-entry-";
    private static final int BUFFER = 64 * 1024;

    private final TarArchiveOutputStream tar;
    private final Instant createdAt;
    private final Path spoolDir;
    private final List<Manifest.Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private boolean finished;

    /**
     * @param out      the compressed stream; closed by {@link #close()}
     * @param header   written at once as the first entry
     * @param spoolDir where entries of unknown size are spooled
     */
    public SnapshotArchiveWriter(OutputStream out, SnapshotHeader header, Path spoolDir) throws IOException {
        this.tar = new TarArchiveOutputStream(new BufferedOutputStream(out, BUFFER), "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        this.createdAt = Instant.parse(header.createdAt());
        this.spoolDir = spoolDir;
        writeJson(Formats.HEADER_ENTRY, header);
    }

    @Override
    public void write(String name, long size, InputStream data) throws IOException {
        checkName(name);
        MessageDigest sha = Hex.sha256();
        putEntry(name, size);
        byte[] buf = new byte[BUFFER];
        long remaining = size;
        while (remaining > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("entry '" + name + "' ended after " + (size - remaining) + " of " + size + " bytes");
            }
            sha.update(buf, 0, n);
            tar.write(buf, 0, n);
            remaining -= n;
        }
        tar.closeArchiveEntry();
        entries.add(new Manifest.Entry(name, size, Hex.of(sha.digest())));
    }

    @Override
    public OutputStream open(String name) throws IOException {
        checkName(name);
        Path spool = Files.createTempFile(spoolDir, SPOOL_PREFIX, ".tmp");
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(spool), BUFFER);
        return new FilterOutputStream(file) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.close();
                    names.remove(name);
                    try (InputStream in = Files.newInputStream(spool)) {
                        SnapshotArchiveWriter.this.write(name, Files.size(spool), in);
                    }
                } finally {
                    Files.deleteIfExists(spool);
                }
            }
        };
    }

    /** Writes the manifest and the end of the archive; the archive is complete only after this. */
    public Manifest finish(Map<String, Long> counts, Instant completedAt) throws IOException {
        Manifest manifest = new Manifest(Formats.FORMAT, entries, counts, completedAt.toString());
        writeJson(Formats.MANIFEST_ENTRY, manifest);
        tar.finish();
        finished = true;
        return manifest;
    }

    /** @return whether {@link #finish} completed */
    public boolean finished() {
        return finished;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private void checkName(String name) {
        EntryNames.check(name);
        if (name.equals(Formats.HEADER_ENTRY) || name.equals(Formats.MANIFEST_ENTRY)) {
            throw new IllegalArgumentException("entry name '" + name + "' is reserved");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate entry name '" + name + "'");
        }
    }

    private void putEntry(String name, long size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        e.setMode(0100644);
        e.setModTime(createdAt.toEpochMilli());
        tar.putArchiveEntry(e);
    }

    private void writeJson(String name, Object value) throws IOException {
        byte[] json = Formats.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        putEntry(name, json.length);
        tar.write(json);
        tar.closeArchiveEntry();
    }
}
