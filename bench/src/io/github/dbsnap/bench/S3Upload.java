package io.github.dbsnap.bench;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.storage.s3.S3StorageProviderFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Uploads one file through the {@code s3} storage provider, as {@code aws s3 cp FILE s3://BUCKET/KEY}
 * does. Usage: {@code S3Upload ENDPOINT BUCKET KEY FILE} (the key gets a
 * unique suffix, so repeated runs never clash); credentials from {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}; {@code S3_PART_SIZE} and {@code S3_PARALLEL_PARTS} override the
 * provider's defaults.
 */
public final class S3Upload {
    private S3Upload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: S3Upload ENDPOINT BUCKET KEY FILE");
            System.exit(2);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", args[0]);
        settings.put("bucket", args[1]);
        settings.put("access-key-id", System.getenv("AWS_ACCESS_KEY_ID"));
        settings.put("secret-access-key", System.getenv("AWS_SECRET_ACCESS_KEY"));
        putIfSet(settings, "part-size", "S3_PART_SIZE");
        putIfSet(settings, "parallel-parts", "S3_PARALLEL_PARTS");
        long start = System.nanoTime();
        long size;
        try (StorageProvider s3 = new S3StorageProviderFactory().create(ProviderConfig.of(settings));
             InputStream in = Files.newInputStream(Path.of(args[3]))) {
            size = s3.write(args[2] + "-" + System.nanoTime(), in).size();
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
