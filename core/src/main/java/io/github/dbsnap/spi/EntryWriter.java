package io.github.dbsnap.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Receives the data entries of a dump, in order. Entry names are relative {@code /}-separated paths
 * that extract safely with {@code tar x}. Not thread-safe: one entry at a time.
 */
public interface EntryWriter {

    /**
     * Adds an entry whose size is known.
     *
     * @param name entry name, e.g. {@code main.db}
     * @param size exact number of bytes {@code data} yields
     * @param data the content; read exactly {@code size} bytes, not closed
     */
    void write(String name, long size, InputStream data) throws IOException;

    /**
     * Opens an entry of unknown size; closing the returned stream completes the entry. The archive
     * spools the content to a temp file to learn its size, so prefer {@link #write} or bounded
     * entries when the size can be known.
     */
    OutputStream open(String name) throws IOException;
}
