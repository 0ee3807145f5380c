package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes a source's password from everything the jdbc module lets out: driver messages are copied
 * with the secret replaced, and the driver's exceptions are never kept, only {@link RedactedSqlException}
 * copies of the whole cause chain (SQLState, error code and stack frames kept). Immutable; thread-safe.
 */
final class Redactor {
    static final String MASK = "****";
    /** {@code //user:secret@} in a URL authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)([^@\\s/]*)@");
    /** {@code password=secret} after {@code ?}, {@code &} or {@code ;}, as drivers and URLs write it. */
    private static final Pattern PARAM = Pattern.compile(
            "((?i)(?:password|passwd|pwd|sslpassword|secret)[^=&;\\s]*=)([^&;\\s)]*)");
    private final List<String> secrets;

    /** @param url the JDBC URL; @param password the separate password setting, or null */
    Redactor(String url, String password) {
        Set<String> found = new LinkedHashSet<>();
        add(found, password);
        if (url != null) {
            Matcher m = USER_INFO.matcher(url);
            while (m.find()) {
                add(found, m.group(2));
            }
            m = PARAM.matcher(url);
            while (m.find()) {
                add(found, m.group(2));
            }
        }
        List<String> longestFirst = new ArrayList<>(found);
        longestFirst.sort((a, b) -> b.length() - a.length());
        this.secrets = List.copyOf(longestFirst);
    }

    private static void add(Set<String> found, String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        found.add(secret);
        try {
            found.add(URLDecoder.decode(secret, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // not URL-encoded: the raw form is enough
        }
    }

    /** @return the text with every known secret, user-info password and password parameter masked; null stays null */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, MASK);
        }
        s = USER_INFO.matcher(s).replaceAll("$1" + MASK + "@");
        return PARAM.matcher(s).replaceAll("$1" + MASK);
    }

    /**
     * @param what  what failed and where, with no driver text (it is redacted all the same)
     * @param cause the driver's (or any) exception; only its redacted copy is kept
     * @return an exception saying {@code what: <driver message>}, whose cause chain holds no secret
     */
    DatabaseSourceException failure(String what, Throwable cause) {
        return new DatabaseSourceException(redact(what + ": " + cause.getMessage()), copy(cause));
    }

    /**
     * @return {@code e} when its message holds no secret and it carries no driver exception, else a copy
     *         (same redacted message, same stack) whose cause chain is redacted
     */
    DatabaseSourceException clean(DatabaseSourceException e) {
        String message = redact(e.getMessage());
        boolean cleanCause = e.getCause() == null || e.getCause() instanceof RedactedSqlException;
        if (cleanCause && java.util.Objects.equals(message, e.getMessage())) {
            return e;
        }
        DatabaseSourceException copy = new DatabaseSourceException(message, e.getCause() == null ? null : copy(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** @return a redacted copy of {@code t} and everything it links to (causes, suppressed, next exceptions) */
    RedactedSqlException copy(Throwable t) {
        return copy(t, Collections.newSetFromMap(new IdentityHashMap<>()), new IdentityHashMap<>());
    }

    private RedactedSqlException copy(Throwable t, Set<Throwable> path, Map<Throwable, RedactedSqlException> done) {
        RedactedSqlException known = done.get(t);
        if (known != null) {
            return known;
        }
        String text = t instanceof RedactedSqlException ? t.toString() : redact(t.toString());
        RedactedSqlException r = t instanceof SQLException e
                ? new RedactedSqlException(text, e.getSQLState(), e.getErrorCode())
                : new RedactedSqlException(text, null, 0);
        r.setStackTrace(t.getStackTrace());
        done.put(t, r);
        path.add(t);
        Throwable cause = t.getCause();
        if (cause != null && !path.contains(cause)) {
            r.initCause(copy(cause, path, done));
        }
        for (Throwable s : t.getSuppressed()) {
            if (!path.contains(s)) {
                r.addSuppressed(copy(s, path, done));
            }
        }
        if (t instanceof SQLException e) {
            SQLException next = e.getNextException();
            if (next != null && next != cause && !path.contains(next)) {
                r.setNextException(copy(next, path, done));
            }
        }
        path.remove(t);
        return r;
    }
}
