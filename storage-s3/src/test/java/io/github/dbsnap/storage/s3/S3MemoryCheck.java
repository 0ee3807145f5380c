package io.github.dbsnap.storage.s3;

import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.Streams;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;

/**
 * Manual acceptance check, not part of the test suite: streams a generated object of the given size
 * (default 1 GiB) to an S3 endpoint and back under a small heap, printing the peak heap use. Run with
 * {@code java -Xmx64m -cp <test class path> io.github.dbsnap.storage.s3.S3MemoryCheck ENDPOINT BUCKET [BYTES]},
 * against an S3 server in another JVM (see docs/s3.md).
 */
public final class S3MemoryCheck {
    private S3MemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 2 ? Long.parseLong(args[2]) : 1L << 30;
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", args[0]);
        settings.put("bucket", args[1]);
        settings.put("access-key-id", System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY));
        settings.put("secret-access-key", System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));
        String key = "memory-check/" + System.currentTimeMillis() + ".bin";
        try (StorageProvider p = new S3StorageProviderFactory().create(ProviderConfig.of(settings))) {
            long start = System.nanoTime();
            long stored = p.write(key, Streams.pseudoRandom(size, 11)).size();
            long writeMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            String got;
            try (InputStream in = p.read(key)) {
                got = Streams.sha256(in);
            }
            long readMs = (System.nanoTime() - start) / 1_000_000;
            String expected = Streams.sha256(Streams.pseudoRandom(size, 11));
            System.out.printf("max heap %d MiB; wrote %d bytes in %d ms, read back in %d ms; sha256 %s; peak heap used %d MiB%n",
                    Runtime.getRuntime().maxMemory() >> 20, stored, writeMs, readMs,
                    got.equals(expected) ? "matches" : "MISMATCH", peakHeap() >> 20);
            p.delete(key);
            if (!got.equals(expected) || stored != size) {
                System.exit(1);
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
