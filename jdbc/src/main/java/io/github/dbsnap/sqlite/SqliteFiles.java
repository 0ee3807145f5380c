package io.github.dbsnap.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what a SQLite file's header says and removes a temp copy together with the files SQLite keeps beside it. */
final class SqliteFiles {
    private static final String[] SIDECARS = {"-journal", "-wal", "-shm"};

    private SqliteFiles() {
    }

    /** @return the page size in the file's header, or 0 when it has no readable SQLite header */
    static int pageSize(Path db) {
        byte[] h = header(db);
        if (h.length < 20) {
            return 0;
        }
        int size = (h[16] & 0xff) << 8 | (h[17] & 0xff);
        return size == 1 ? 65536 : size;
    }

    /** @return whether the file's header marks it as a WAL database */
    static boolean isWal(Path db) {
        byte[] h = header(db);
        return h.length >= 20 && h[18] == 2 && h[19] == 2;
    }

    /** Deletes {@code db} and any rollback journal, WAL or shared-memory file SQLite left beside it. */
    static void deleteWithSidecars(Path db) throws IOException {
        Files.deleteIfExists(db);
        for (String s : SIDECARS) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + s));
        }
    }

    private static byte[] header(Path db) {
        try (InputStream in = Files.newInputStream(db)) {
            byte[] h = in.readNBytes(100);
            return h.length == 100 && new String(h, 0, 15, java.nio.charset.StandardCharsets.US_ASCII).equals("SQLite format 3")
                    ? h : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
