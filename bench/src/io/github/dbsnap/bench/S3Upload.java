package io.github.dbsnap.bench;

import io.github.dbsnap.storage.s3.S3StorageProviderFactory;

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
        Uploads.putIfSet(settings, "part-size", "S3_PART_SIZE");
        Uploads.putIfSet(settings, "parallel-parts", "S3_PARALLEL_PARTS");
        Uploads.upload(new S3StorageProviderFactory(), settings, args[2], Path.of(args[3]));
    }
}
