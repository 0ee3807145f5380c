package io.github.dbsnap.testing;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DatabaseSource} over an in-memory map of entry name to bytes: the smallest source that
 * follows the SPI, for tests of the service and scheduler. "Live data" is {@link #data()}.
 */
public final class MapSource implements DatabaseSource {
    private volatile Map<String, byte[]> live;
    private final AtomicInteger commits = new AtomicInteger();
    private volatile RuntimeException failDump;

    /** @param live the initial live data */
    public MapSource(Map<String, byte[]> live) {
        this.live = new TreeMap<>(live);
    }

    /** @return a copy of the live data */
    public Map<String, byte[]> data() {
        return new TreeMap<>(live);
    }

    /** Replaces the live data. */
    public void set(Map<String, byte[]> data) {
        live = new TreeMap<>(data);
    }

    /** @return how many restores were committed */
    public int commits() {
        return commits.get();
    }

    /** Makes the next dumps fail part-way with this exception (null to stop failing). */
    public void failDumpWith(RuntimeException e) {
        failDump = e;
    }

    @Override
    public String kind() {
        return "map";
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        int i = 0;
        for (Map.Entry<String, byte[]> e : live.entrySet()) {
            if (failDump != null && i++ == live.size() / 2) {
                throw failDump;
            }
            if (e.getKey().startsWith("open/")) {
                try (OutputStream o = out.open(e.getKey())) {
                    o.write(e.getValue());
                }
            } else {
                out.write(e.getKey(), e.getValue().length, new ByteArrayInputStream(e.getValue()));
            }
        }
        if (failDump != null) {
            throw failDump;
        }
        return new DumpResult(Map.of("entries", (long) live.size()));
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        Map<String, byte[]> staged = new TreeMap<>();
        Optional<ArchiveEntry> e;
        while ((e = in.next()).isPresent()) {
            staged.put(e.get().name(), e.get().content().readAllBytes());
        }
        return new StagedRestore() {
            @Override
            public void commit() {
                if (staged.containsKey("fail-commit")) {
                    throw new DatabaseSourceException("commit refused by test");
                }
                live = staged;
                commits.incrementAndGet();
            }

            @Override
            public void close() {
                // nothing staged outside memory
            }
        };
    }

    @Override
    public void close() {
        // nothing to release
    }
}
