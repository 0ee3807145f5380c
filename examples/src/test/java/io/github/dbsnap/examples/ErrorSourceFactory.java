package io.github.dbsnap.examples;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;

/**
 * A source whose creation runs into a real JVM {@link Error} on the CLI's own thread, as a hostile length or a
 * runaway recursion would: {@code fail=stack} recurses until the stack overflows, {@code fail=heap} asks for an
 * array larger than any heap. For the CLI's error-handling tests only.
 */
public final class ErrorSourceFactory implements DatabaseSourceFactory {
    @Override
    public String name() {
        return "error-test";
    }

    @Override
    public DatabaseSource create(ProviderConfig config) {
        String fail = config.required("fail");
        if (fail.equals("stack")) {
            return recurse(0);
        }
        long[] huge = new long[Integer.MAX_VALUE - 16];
        throw new IllegalStateException("allocated " + huge.length);
    }

    private static DatabaseSource recurse(int depth) {
        DatabaseSource s = recurse(depth + 1);
        return depth < 0 ? null : s;
    }
}
