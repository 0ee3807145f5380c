package io.github.dbsnap.testing.exercise;

import io.github.dbsnap.spi.StorageProviderContract;
import io.github.dbsnap.spi.StorageProviderFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exercise provider of docs/extending.md passes the contract with nothing more than this. */
class FlatDirStorageProviderTest extends StorageProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StorageProviderFactory factory() {
        return new FlatDirStorageProviderFactory();
    }

    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("dir", dir.toString());
    }

    @Override
    protected Map<String, String> smallPageSettings() {
        return Map.of(); // one directory listing, no pages
    }

    @Override
    protected void assertNoLeftovers() throws Exception {
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(FlatDirStorageProvider.TEMP));
        }
    }

    @Override
    protected void createDirectoryMarker(String name) throws Exception {
        Files.createFile(dir.resolve(FlatDirStorageProvider.OBJECT + name.replace("/", "%2F")));
    }

    @Override
    protected boolean plantLeftover(String key) throws Exception {
        Files.writeString(dir.resolve(FlatDirStorageProvider.TEMP + "crashed"), "partial");
        return true;
    }
}
