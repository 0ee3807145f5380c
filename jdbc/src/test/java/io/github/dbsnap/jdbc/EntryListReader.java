package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.EntryReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a restore the entries of a {@link CapturingEntryWriter} dump, with some replaced, then fails the
 * way a snapshot whose whole-object digest is found wrong at the end does.
 */
final class EntryListReader implements EntryReader {
    private final List<ArchiveEntry> entries = new ArrayList<>();
    private final boolean failAtEnd;
    private int next;

    /** @param replaced entry name → content used instead of the dumped one */
    EntryListReader(CapturingEntryWriter dump, Map<String, InputStream> replaced, boolean failAtEnd) {
        dump.entries.forEach((name, bytes) -> entries.add(new ArchiveEntry(name, bytes.length,
                replaced.getOrDefault(name, new ByteArrayInputStream(bytes)))));
        this.failAtEnd = failAtEnd;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public Optional<ArchiveEntry> next() throws IOException {
        if (next < entries.size()) {
            return Optional.of(entries.get(next++));
        }
        if (failAtEnd) {
            throw new IOException("snapshot digest mismatch (simulated damage found at the end)");
        }
        return Optional.empty();
    }
}
