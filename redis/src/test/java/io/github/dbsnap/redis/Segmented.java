package io.github.dbsnap.redis;

import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Captures a dump's entries in memory and replays them to {@code stage()}, optionally sabotaged. */
final class Segmented implements EntryWriter {
    final Map<String, byte[]> entries = new LinkedHashMap<>();
    Map<String, String> metadata = Map.of("layout_version", "1");
    io.github.dbsnap.spi.DumpResult result;

    static Segmented dump(DatabaseSource source) throws IOException {
        return capture(source);
    }

    /** Like the core: {@code metadata()} (which chooses the capture mode), then {@code dump()}. */
    static Segmented capture(DatabaseSource source) throws IOException {
        Segmented s = new Segmented();
        s.metadata = source.metadata();
        s.result = source.dump(s);
        return s;
    }

    @Override
    public void write(String name, long size, InputStream data) throws IOException {
        entries.put(name, data.readNBytes((int) size));
    }

    @Override
    public OutputStream open(String name) {
        throw new UnsupportedOperationException();
    }

    /** @return a reader over the entries; {@code afterBytes} runs once, when that many bytes were read */
    EntryReader reader(long afterBytes, Runnable action) {
        Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator();
        long[] read = {0};
        return new EntryReader() {
            @Override
            public Map<String, String> metadata() {
                return metadata;
            }

            @Override
            public Optional<ArchiveEntry> next() {
                if (!it.hasNext()) {
                    return Optional.empty();
                }
                Map.Entry<String, byte[]> e = it.next();
                InputStream in = new FilterInputStream(new ByteArrayInputStream(e.getValue())) {
                    @Override
                    public int read() throws IOException {
                        tick(1);
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, Math.min(len, 64));
                        tick(Math.max(n, 0));
                        return n;
                    }

                    private void tick(int n) {
                        long before = read[0];
                        read[0] += n;
                        if (before < afterBytes && read[0] >= afterBytes) {
                            action.run();
                        }
                    }
                };
                return Optional.of(new ArchiveEntry(e.getKey(), e.getValue().length, in));
            }
        };
    }

    EntryReader reader() {
        return reader(Long.MAX_VALUE, () -> { });
    }

    static byte[] concat(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.values().forEach(out::writeBytes);
        return out.toByteArray();
    }
}
