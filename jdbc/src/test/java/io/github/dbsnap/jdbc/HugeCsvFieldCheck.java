package io.github.dbsnap.jdbc;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Run by {@link HugeCsvFieldTest} in its own small-heap JVM: restores a snapshot whose CSV entry holds
 * one field of {@code args[2]} bytes (generated as read, never held) into a real database and prints
 * the outcome: {@code REFUSED <message>} (exit 0), {@code OOM} (exit 3) or {@code RESTORED} (exit 4).
 */
public final class HugeCsvFieldCheck {
    private HugeCsvFieldCheck() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseSource source = new JdbcSourceFactory().create(ProviderConfig.of(Map.of("url", args[0], "schema", args[1])));
        CapturingEntryWriter dump = new CapturingEntryWriter();
        source.dump(dump);
        InputStream huge = new HugeField("id,data\r\n1,\"", Long.parseLong(args[2]));
        try {
            source.stage(new EntryListReader(dump, Map.of("tables/files.csv", huge), false)).close();
            System.out.println("RESTORED");
            System.exit(4);
        } catch (DbsnapException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.exit(0);
        } catch (OutOfMemoryError e) {
            System.out.println("OOM");
            System.exit(3);
        }
    }

    /** A prefix, then {@code size} bytes of {@code 'a'}, produced as they are read. */
    private static final class HugeField extends InputStream {
        private final byte[] prefix;
        private final long size;
        private long pos;

        HugeField(String prefix, long size) {
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = prefix.length + size;
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++, pos++) {
                b[off + i] = pos < prefix.length ? prefix[(int) pos] : (byte) 'a';
            }
            return n;
        }
    }
}
