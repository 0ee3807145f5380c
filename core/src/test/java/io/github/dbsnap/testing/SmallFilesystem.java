package io.github.dbsnap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real file system that fills up: a tmpfs of a few hundred KiB mounted on a directory, so that
 * writes fail with the kernel's own {@code ENOSPC}. Mounting needs root, which the test machines
 * and CI have; without it the test fails (it never skips). Unmounted by {@link #close()}.
 */
public final class SmallFilesystem implements AutoCloseable {
    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir   created if missing, then hidden under the new file system until {@link #close()}
     * @param bytes the file system's size (rounded up to whole pages by the kernel)
     */
    public static SmallFilesystem mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "tmpfs", dir.toString()),
                "mounting a tmpfs needs root (CI and the test machines run the suite as root)");
        return new SmallFilesystem(dir);
    }

    /** @return the mounted directory */
    public Path dir() {
        return dir;
    }

    /** Fills the file system until at most {@code leave} bytes remain free. */
    public void fillLeaving(long leave) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free > leave) {
            try (var ch = java.nio.channels.FileChannel.open(dir.resolve("filler"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.allocate((int) (free - leave)));
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of("umount", dir.toString()), "unmounting");
        } catch (IOException e) {
            run(List.of("umount", "-l", dir.toString()), "unmounting lazily"); // something still holds a file open
        }
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(what + " failed: " + String.join(" ", command) + ": " + out.strip());
        }
    }
}
