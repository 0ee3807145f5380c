package io.github.dbsnap.bench;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.storage.azure.AzureStorageProviderFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Uploads one file through the {@code azure} storage provider, as bench/azure/upload.js does with the
 * Node SDK. Usage: {@code AzureUpload CONTAINER KEY FILE} (the key gets a unique suffix); the connection
 * string from {@code AZURE_STORAGE_CONNECTION_STRING}; {@code AZURE_BLOCK_SIZE} and
 * {@code AZURE_PARALLEL_BLOCKS} override the provider's defaults.
 */
public final class AzureUpload {
    private AzureUpload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AzureUpload CONTAINER KEY FILE");
            System.exit(2);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("container", args[0]);
        settings.put("connection-string", System.getenv("AZURE_STORAGE_CONNECTION_STRING"));
        putIfSet(settings, "block-size", "AZURE_BLOCK_SIZE");
        putIfSet(settings, "parallel-blocks", "AZURE_PARALLEL_BLOCKS");
        long start = System.nanoTime();
        long size;
        try (StorageProvider azure = new AzureStorageProviderFactory().create(ProviderConfig.of(settings));
             InputStream in = Files.newInputStream(Path.of(args[2]))) {
            size = azure.write(args[1] + "-" + System.nanoTime(), in).size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("uploaded %d bytes in %.2f s: %.0f MB/s%n", size, seconds, size / seconds / 1e6);
    }

    private static void putIfSet(Map<String, String> settings, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            settings.put(key, value);
        }
    }
}
