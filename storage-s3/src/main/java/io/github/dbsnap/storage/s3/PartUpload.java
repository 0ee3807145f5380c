package io.github.dbsnap.storage.s3;

import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** The state of one part of a multipart upload, shared between the reading thread and an upload thread. */
final class PartUpload {
    final int number;
    final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    volatile Future<?> future;
    volatile CompletedPart completed;

    PartUpload(int number) {
        this.number = number;
    }

    /** @return true for the one caller that may run the part; false once it was skipped */
    boolean start() {
        return started.compareAndSet(false, true);
    }

    /** Waits until the part finished, or returns at once if it never started (it then never will). */
    void awaitUninterruptibly() {
        if (start()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
