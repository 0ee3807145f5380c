package io.github.dbsnap;

import io.github.dbsnap.internal.Pipe;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Waits for a producer thread that wrote into a {@link Pipe} the calling thread uploaded, and reports its failure. */
final class PipeProducer {
    private PipeProducer() {
    }

    /**
     * @param producer  the producer's future
     * @param onFailure run before throwing when the producer itself failed (removes what the upload stored)
     * @param asFailure turns the producer's failure into the exception to throw
     * @return the producer's result, or null when it stopped only because the upload failed (the caller reports that)
     */
    static <T> T await(Future<T> producer, Runnable onFailure, Function<Throwable, DbsnapException> asFailure) {
        Throwable error;
        try {
            return producer.get();
        } catch (ExecutionException e) {
            error = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.cancel(true);
            error = e;
        }
        if (error instanceof Pipe.ConsumerStoppedException) {
            return null;
        }
        onFailure.run();
        throw asFailure.apply(error);
    }
}
