package io.github.dbsnap.spi;

import java.io.InputStream;

/**
 * One data entry being read from a snapshot.
 *
 * @param name    entry name as written by the source
 * @param size    size declared in the archive
 * @param content the entry's bytes; valid until the next call to {@link EntryReader#next()}; not to be closed
 */
public record ArchiveEntry(String name, long size, InputStream content) {
}
