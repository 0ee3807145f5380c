package io.github.dbsnap.http;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.EncryptionException;
import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.SnapshotNotFoundException;

/**
 * Maps failures to admin API answers. 400: the request cannot succeed as sent (bad input, a corrupt or
 * undecryptable snapshot); 404: no such snapshot or database; 409: it may succeed later (a restore of
 * that database is running, a snapshot with that key exists); 500: anything else, with a generic message.
 */
final class AdminErrors {
    private AdminErrors() {
    }

    /** @return the answer for a failure; a 500 means the caller logs the failure with its stack trace */
    static ApiError answer(RuntimeException e, String operation) {
        if (e instanceof ApiError a) {
            return a;
        }
        if (e instanceof SnapshotNotFoundException) {
            return new ApiError(404, oneLine(e));
        }
        if (e instanceof SnapshotExistsException) {
            return new ApiError(409, oneLine(e));
        }
        if (e instanceof ConfigurationException || e instanceof CorruptSnapshotException
                || e instanceof EncryptionException) {
            // core messages never carry secrets or key material, and say what to do
            return new ApiError(400, oneLine(e) + restoreNote(operation));
        }
        return new ApiError(500, operation + " failed; see the server log");
    }

    private static String restoreNote(String operation) {
        return operation.equals("restore") ? " (the live database is unchanged)" : "";
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
