package io.github.dbsnap.jdbc;

import java.sql.SQLException;

/**
 * A copy of a driver exception with secrets removed from its text, as built by {@link Redactor}: its
 * message is the original's {@code toString()} (class name and message), redacted; SQLState, error
 * code and stack frames are the original's.
 */
final class RedactedSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    RedactedSqlException(String text, String sqlState, int errorCode) {
        super(text, sqlState, errorCode);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
