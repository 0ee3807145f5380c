package io.github.dbsnap.storage.local;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.InvalidStorageKeyException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Snapshots as files under a root directory. Writes go to a hidden temp file in the target
 * directory, are fsynced, then hard-linked into place (which fails if the name exists, so nothing is
 * overwritten even by a concurrent writer) and the directory is fsynced. Keys that would leave the
 * root, including through symbolic links, are refused.
 */
final class LocalStorageProvider implements StorageProvider {
    private static final Logger log = LoggerFactory.getLogger(LocalStorageProvider.class);
    static final String TEMP_MARKER = ".dbsnap-tmp-";
    private static final int BUFFER = 256 * 1024;

    private final Path root;

    LocalStorageProvider(Path dir) {
        try {
            Files.createDirectories(dir);
            this.root = dir.toRealPath();
        } catch (IOException e) {
            throw new ConfigurationException("local snapshot directory '" + dir + "' cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(root)) {
            throw new ConfigurationException("local snapshot directory '" + dir + "' is not a directory");
        }
    }

    @Override
    public String name() {
        return LocalStorageProviderFactory.NAME;
    }

    @Override
    public URI location() {
        return root.toUri();
    }

    @Override
    public URI uri(String key) {
        return root.resolve(StorageKeys.validate(key)).toUri();
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return Optional.empty();
        }
        Path p;
        try {
            p = Path.of(uri).normalize();
        } catch (IllegalArgumentException e) {
            throw new InvalidStorageKeyException("malformed file URI '" + uri + "'");
        }
        if (!p.startsWith(root) || p.equals(root)) {
            throw new InvalidStorageKeyException("'" + uri + "' is outside the storage root " + location());
        }
        return Optional.of(StorageKeys.validate(root.relativize(p).toString().replace('\\', '/')));
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        return store(key, ch -> copy(data, Channels.newOutputStream(ch)));
    }

    /** Copies the tail in the kernel ({@code FileChannel.transferTo}): the payload never passes through the JVM. */
    @Override
    public StoredObject writeComposed(String key, InputStream head, String source, long offset) {
        Path from = resolve(source);
        checkNoLinks(source, from);
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotNotFoundException(source, location().toString());
        }
        return store(key, ch -> {
            long n = copy(head, Channels.newOutputStream(ch));
            try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = in.size();
                if (offset > size) {
                    throw new IOException("'" + source + "' is shorter than " + offset + " bytes");
                }
                for (long pos = offset; pos < size; ) {
                    pos += in.transferTo(pos, size - pos, ch);
                }
                return n + size - offset;
            }
        });
    }

    /** Writes the bytes of one new object into a channel. */
    private interface Body {
        long writeTo(FileChannel ch) throws IOException;
    }

    private StoredObject store(String key, Body body) {
        Path target = resolve(key);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            checkNoLinks(key, target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SnapshotExistsException(key, location().toString());
            }
            temp = target.resolveSibling("." + target.getFileName() + TEMP_MARKER + UUID.randomUUID());
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                size = body.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw new SnapshotExistsException(key, location().toString());
            } catch (UnsupportedOperationException e) {
                // no hard links on this file system: check-then-rename is the best we can do
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SnapshotExistsException(key, location().toString());
                }
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(target.getParent());
            log.debug("Stored {} ({} bytes)", target, size);
            return new StoredObject(key, size, Files.getLastModifiedTime(target).toInstant());
        } catch (IOException e) {
            throw new StorageException("writing '" + key + "' to " + location() + " failed: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("Could not delete temp file {}: {}", temp, e.toString());
                }
            }
        }
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public InputStream read(String key) {
        Path p = resolve(key);
        try {
            checkNoLinks(key, p);
            return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new SnapshotNotFoundException(key, location().toString());
        } catch (IOException e) {
            throw new StorageException("reading '" + key + "' from " + location() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Path p = resolve(key);
        try {
            checkNoLinks(key, p);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading '" + key + "' from " + location() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.isEmpty() || !key.startsWith(prefix) || p.getFileName().toString().contains(TEMP_MARKER)) {
                    return;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        out.add(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()));
                    }
                } catch (IOException e) {
                    log.debug("Skipping {} while listing: {}", p, e.toString());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StorageException("listing " + location() + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void delete(String key) {
        Path p = resolve(key);
        try {
            checkNoLinks(key, p.getParent());
            Files.deleteIfExists(p);
            for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        break;
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new StorageException("deleting '" + key + "' from " + location() + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes this provider's hidden temp files ({@code .<name>.dbsnap-tmp-<uuid>}) older than {@code olderThan}. */
    @Override
    public int cleanup(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().contains(TEMP_MARKER)).forEach(stale::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StorageException("looking for leftovers in " + location() + " failed: " + e.getMessage(), e);
        }
        for (Path p : stale) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    removed++;
                    log.info("Removed leftover temp file {} of an interrupted write", p);
                }
            } catch (NoSuchFileException e) {
                // removed by someone else meanwhile
            } catch (IOException e) {
                throw new StorageException("removing leftover " + p + " failed: " + e.getMessage(), e);
            }
        }
        return removed;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private Path resolve(String key) {
        Path p = root.resolve(StorageKeys.validate(key)).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new InvalidStorageKeyException("snapshot key '" + key + "' escapes the storage root");
        }
        return p;
    }

    /** Refuses paths that pass through a symbolic link below the root. */
    private void checkNoLinks(String key, Path upTo) {
        for (Path p = upTo; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new InvalidStorageKeyException("snapshot key '" + key + "' passes through a symbolic link; refused");
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the file itself was synced
            log.debug("Directory fsync of {} not supported: {}", dir, e.toString());
        }
    }
}
