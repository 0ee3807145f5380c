package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;

/** The server refused to sync a replica ({@code SYNC}/{@code PSYNC} renamed, denied by an ACL, or not offered). */
final class ReplicationRefusedException extends DatabaseSourceException {
    private static final long serialVersionUID = 1L;

    ReplicationRefusedException(String message) {
        super(message);
    }
}
