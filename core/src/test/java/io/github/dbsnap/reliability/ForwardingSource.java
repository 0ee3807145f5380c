package io.github.dbsnap.reliability;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;

import java.io.IOException;
import java.util.Map;

/** A {@link DatabaseSource} that passes every call on; tests override what they watch. */
class ForwardingSource implements DatabaseSource {
    private final DatabaseSource d;

    ForwardingSource(DatabaseSource d) {
        this.d = d;
    }

    @Override
    public String kind() {
        return d.kind();
    }

    @Override
    public Map<String, String> metadata() {
        return d.metadata();
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        return d.dump(out);
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        return d.stage(in);
    }

    @Override
    public void close() {
        d.close();
    }
}
