package io.github.dbsnap.redis;

import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StagedRestore;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Run by {@link RedisSmallHeapTest} in its own JVM with a small heap: {@code dump <url>} dumps into a
 * sink that only counts bytes, {@code restore <url> <segment file>} stages that file as the one segment
 * of a snapshot and commits it. Prints one line: {@code OK …}, {@code FAILED <class>: <message>} or
 * {@code OOM <message>}.
 */
public final class SmallHeapProbe {
    private SmallHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        String capture = args[0].equals("dump") && args.length > 2 ? args[2] : "auto";
        try (DatabaseSource source = new RedisSourceFactory().create(ProviderConfig.of(Map.of("url", args[1],
                "capture", capture)))) {
            if (args[0].equals("dump")) {
                long[] bytes = {0};
                source.dump(new EntryWriter() {
                    @Override
                    public void write(String name, long size, InputStream data) throws java.io.IOException {
                        bytes[0] += data.transferTo(OutputStream.nullOutputStream());
                    }

                    @Override
                    public OutputStream open(String name) {
                        throw new UnsupportedOperationException();
                    }
                });
                System.out.println("OK dumped " + bytes[0] + " bytes");
            } else {
                Path file = Path.of(args[2]);
                try (InputStream in = Files.newInputStream(file);
                     StagedRestore staged = source.stage(oneEntry(in, Files.size(file), file.toString().endsWith(".rdb"),
                             args[1].substring(args[1].lastIndexOf('/') + 1)))) {
                    staged.commit();
                }
                System.out.println("OK restored");
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OOM " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** @param rdb whether the file is an RDB ({@code redis/dump.rdb} of database {@code db}) or a key segment */
    private static EntryReader oneEntry(InputStream in, long size, boolean rdb, String db) {
        return new EntryReader() {
            private boolean done;

            @Override
            public Map<String, String> metadata() {
                return rdb ? Map.of("layout_version", "2", "source_db", db) : Map.of("layout_version", "1");
            }

            @Override
            public Optional<ArchiveEntry> next() {
                if (done) {
                    return Optional.empty();
                }
                done = true;
                return Optional.of(new ArchiveEntry(rdb ? "redis/dump.rdb" : "redis/keys-000001.bin", size, in));
            }
        };
    }
}
