package io.github.dbsnap.bench;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.spi.StorageProviderFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What {@link S3Upload} and {@link AzureUpload} share: one timed write of a file through a provider. */
final class Uploads {
    private Uploads() {
    }

    /** Writes {@code file} as {@code key}-<unique suffix> and prints the size, time and rate. */
    static void upload(StorageProviderFactory factory, Map<String, String> settings, String key, Path file)
            throws Exception {
        long start = System.nanoTime();
        long size;
        try (StorageProvider provider = factory.create(ProviderConfig.of(settings));
             InputStream in = Files.newInputStream(file)) {
            size = provider.write(key + "-" + System.nanoTime(), in).size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("uploaded %d bytes in %.2f s: %.0f MB/s%n", size, seconds, size / seconds / 1e6);
    }

    /** Copies environment variable {@code variable} into {@code settings} as {@code key} when it is set. */
    static void putIfSet(Map<String, String> settings, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            settings.put(key, value);
        }
    }
}
