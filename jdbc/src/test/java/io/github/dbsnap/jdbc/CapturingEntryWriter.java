package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.EntryWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps dumped entries in memory, in order; for small test dumps only. */
final class CapturingEntryWriter implements EntryWriter {
    final Map<String, byte[]> entries = new LinkedHashMap<>();

    @Override
    public void write(String name, long size, InputStream data) throws IOException {
        byte[] b = data.readNBytes((int) size);
        entries.put(name, b);
    }

    @Override
    public OutputStream open(String name) {
        return new ByteArrayOutputStream() {
            @Override
            public void close() {
                entries.put(name, toByteArray());
            }
        };
    }

    /** @return the entry's text, or the text of its parts concatenated in order */
    String logical(String entry) {
        if (entries.containsKey(entry)) {
            return text(entry);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 1; entries.containsKey(PartWriter.partName(entry, i)); i++) {
            all.writeBytes(entries.get(PartWriter.partName(entry, i)));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    String text(String name) {
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }
}
