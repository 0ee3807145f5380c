package io.github.dbsnap.archive;

import io.github.dbsnap.CorruptSnapshotException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * A tar reader that refuses PAX and GNU long-name headers larger than {@link #MAX_META_BYTES} before
 * commons-compress reads them: it would hold such a header whole in memory, so a small, highly
 * compressed snapshot could otherwise declare gigabytes of header and exhaust the heap.
 */
final class GuardedTarInputStream extends TarArchiveInputStream {
    /** Largest PAX or long-name header accepted: far more than any name dbsnap writes. */
    static final long MAX_META_BYTES = 64 * 1024;

    private TarArchiveEntry checked;

    GuardedTarInputStream(InputStream in) {
        super(in, "UTF-8");
    }

    @Override
    public int read(byte[] buf, int offset, int len) throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e != null && e != checked) {
            checked = e;
            boolean meta = e.isPaxHeader() || e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry();
            if (meta && e.getSize() > MAX_META_BYTES) {
                throw new CorruptSnapshotException("snapshot refused: a tar extension header of " + e.getSize()
                        + " bytes (at most " + MAX_META_BYTES + " accepted)");
            }
        }
        return super.read(buf, offset, len);
    }
}
