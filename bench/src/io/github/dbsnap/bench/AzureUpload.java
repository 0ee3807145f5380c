package io.github.dbsnap.bench;

import io.github.dbsnap.storage.azure.AzureStorageProviderFactory;

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
        Uploads.putIfSet(settings, "block-size", "AZURE_BLOCK_SIZE");
        Uploads.putIfSet(settings, "parallel-blocks", "AZURE_PARALLEL_BLOCKS");
        Uploads.upload(new AzureStorageProviderFactory(), settings, args[1], Path.of(args[2]));
    }
}
