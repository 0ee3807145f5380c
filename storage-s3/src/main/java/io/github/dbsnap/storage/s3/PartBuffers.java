package io.github.dbsnap.storage.s3;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** At most {@code max} part buffers for one upload, allocated on demand and reused; {@link #take()} blocks when all are in use. */
final class PartBuffers {
    private final int size;
    private final int max;
    private final BlockingQueue<byte[]> free;
    private int allocated;

    PartBuffers(int size, int max) {
        this.size = size;
        this.max = max;
        this.free = new ArrayBlockingQueue<>(max);
    }

    byte[] take() throws InterruptedException {
        byte[] b = free.poll();
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (allocated < max) {
                allocated++;
                return new byte[size];
            }
        }
        return free.take();
    }

    void give(byte[] buffer) {
        free.add(buffer);
    }

    synchronized int allocated() {
        return allocated;
    }
}
