package io.github.dbsnap.examples;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;

import java.util.HashMap;
import java.util.Map;

/**
 * Embedding dbsnap from configuration: age-encrypted snapshots of the main SQLite database on S3 (or
 * MinIO, R2, any S3 API). The settings are the {@code SNAPSHOTS_*} variables, given here as a map over
 * the process environment; anything set in the environment wins.
 *
 * <p>This compiles against dbsnap-core only. The {@code s3} provider is found with {@code ServiceLoader}
 * at run time, so running it needs {@code io.github.dbsnap:dbsnap-storage-s3} on the class path (a
 * runtime dependency); without it, {@code newService()} says which artifact to add.
 *
 * <p>Run: {@code EmbedS3EncryptedExample age1…} with a public key from {@code age-keygen}. The host needs
 * only the public key to write snapshots; keep the {@code AGE-SECRET-KEY-1…} identity elsewhere and give
 * it (as {@code SNAPSHOTS_AGE_SECRET_KEY}) only where snapshots are restored.
 */
public final class EmbedS3EncryptedExample {
    private EmbedS3EncryptedExample() {
    }

    /** @param args the {@code age1…} recipient, unless {@code SNAPSHOTS_AGE_PUBLIC_KEY} is set */
    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>();
        env.put("SNAPSHOTS_STORAGE_PROVIDER", "s3");
        env.put("SNAPSHOTS_STORAGE_S3_BUCKET", "app-backups");
        env.put("SNAPSHOTS_STORAGE_S3_REGION", "eu-central-1");
        env.put("SNAPSHOTS_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9000"); // MinIO; leave out for AWS
        // credentials: SNAPSHOTS_STORAGE_S3_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, else the AWS default chain
        env.put("SNAPSHOTS_MAIN_URL", "jdbc:sqlite:./data/main.db");
        if (args.length > 0) {
            env.put("SNAPSHOTS_AGE_PUBLIC_KEY", args[0]);
        }
        env.putAll(System.getenv());

        try {
            SnapshotConfig config = SnapshotConfig.fromEnvironment(env);
            if (config.encryption().isEmpty()) {
                System.err.println("usage: EmbedS3EncryptedExample age1… (or set SNAPSHOTS_AGE_PUBLIC_KEY)");
                System.exit(2);
            }
            try (SnapshotService service = config.newService()) {
                SnapshotInfo s = service.create("main");
                System.out.println("stored " + s.uri() + " (" + s.size() + " bytes, encrypted: " + s.encrypted() + ")");
                service.list("main").forEach(i -> System.out.println("  " + i.createdAt() + "  " + i.uri()));
            }
        } catch (ConfigurationException e) {
            // e.g. "unknown storage provider 's3' …" when dbsnap-storage-s3 is not on the class path
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
