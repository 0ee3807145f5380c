package io.github.dbsnap.testing.exercise;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.StaleFiles;
import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The exercise provider of docs/extending.md: each object is one file {@code obj-<url-encoded key>} in
 * a single directory. A write streams into {@code tmp-<uuid>}, then hard-links it to its name, which
 * fails if the name exists, so nothing is ever overwritten.
 */
final class FlatDirStorageProvider implements StorageProvider {
    static final String OBJECT = "obj-";
    static final String TEMP = "tmp-";

    private final Path dir;
    private final String prefix;

    FlatDirStorageProvider(FlatDirStorageConfig config) {
        try {
            this.dir = Files.createDirectories(config.dir()).toRealPath();
        } catch (IOException e) {
            throw new ConfigurationException("flatdir directory '" + config.dir() + "' cannot be created: " + e.getMessage(), e);
        }
        this.prefix = config.prefix();
    }

    private Path file(String key) {
        return dir.resolve(OBJECT + URLEncoder.encode(prefix + StorageKeys.validate(key), StandardCharsets.UTF_8));
    }

    private StorageException failed(String what, IOException e) {
        return new StorageException(what + " in " + location() + " failed: " + e.getMessage(), e);
    }

    @Override
    public String name() {
        return FlatDirStorageProviderFactory.NAME;
    }

    @Override
    public URI location() {
        return dir.toUri();
    }

    @Override
    public URI uri(String key) {
        return file(key).toUri();
    }

    @Override
    public Optional<String> keyOf(URI uri) {
        if (!"file".equals(uri.getScheme()) || !Path.of(uri).getParent().equals(dir)) {
            return Optional.empty();
        }
        String name = URLDecoder.decode(Path.of(uri).getFileName().toString().substring(OBJECT.length()), StandardCharsets.UTF_8);
        return name.startsWith(prefix) ? Optional.of(StorageKeys.validate(name.substring(prefix.length()))) : Optional.empty();
    }

    @Override
    public StoredObject write(String key, InputStream data) {
        Path target = file(key);
        if (Files.exists(target)) {
            throw new SnapshotExistsException(key, location().toString());
        }
        Path temp = dir.resolve(TEMP + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                data.transferTo(out);
                ch.force(true);
            }
            Files.createLink(target, temp);
            return stat(key).orElseThrow();
        } catch (FileAlreadyExistsException e) {
            throw new SnapshotExistsException(key, location().toString());
        } catch (IOException e) {
            throw failed("writing '" + key + "'", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // cleanup() removes it later
            }
        }
    }

    @Override
    public InputStream read(String key) {
        try {
            return Files.newInputStream(file(key));
        } catch (NoSuchFileException e) {
            throw new SnapshotNotFoundException(key, location().toString());
        } catch (IOException e) {
            throw failed("reading '" + key + "'", e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(file(key), BasicFileAttributes.class);
            return Optional.of(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("checking '" + key + "'", e);
        }
    }

    @Override
    public List<StoredObject> list(String keyPrefix) {
        List<StoredObject> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, OBJECT + "*")) {
            for (Path p : files) {
                String name = URLDecoder.decode(p.getFileName().toString().substring(OBJECT.length()), StandardCharsets.UTF_8);
                // a name ending with / is a directory marker that some other tool created
                if (name.startsWith(prefix + keyPrefix) && !name.endsWith("/")) {
                    stat(name.substring(prefix.length())).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw failed("listing '" + keyPrefix + "'", e);
        }
        return out;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw failed("deleting '" + key + "'", e);
        }
    }

    @Override
    public int cleanup(Duration olderThan) {
        try {
            return StaleFiles.remove(dir, TEMP, "", olderThan);
        } catch (IOException e) {
            throw failed("removing leftovers", e);
        }
    }

    @Override
    public void close() {
        // holds no resources
    }
}
