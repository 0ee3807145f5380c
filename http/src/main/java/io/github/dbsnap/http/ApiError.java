package io.github.dbsnap.http;

/** A request the admin API answers with an error status and a one-line message safe to show the client. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
        // no stack trace: these are expected outcomes, answered and never logged with a trace
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
