package io.github.dbsnap.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.github.dbsnap.ConfigurationException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A 5-field Unix cron expression ({@code minute hour day-of-month month day-of-week}) or one of the
 * macros {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}. When both day fields are restricted, a day matches if either
 * matches, as in Unix cron.
 *
 * <p>Fire times are computed on the wall clock of a zone, then mapped to instants: a local time that
 * falls into a spring-forward gap fires once, shifted forward by the gap (02:30 becomes 03:30); a
 * local time that occurs twice on a fall-back day fires once, at its first occurrence. So a daily job
 * runs exactly once on every day, DST or not. Immutable and thread-safe.
 */
public final class CronSchedule {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    /** Bounds the search past instants already passed (at most a few candidates in a DST overlap). */
    private static final int MAX_CANDIDATES = 1000;

    private final String expression;
    private final ExecutionTime times;

    private CronSchedule(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /**
     * @param expression e.g. {@code 0 0 * * *} or {@code @daily}
     * @return the parsed schedule
     * @throws ConfigurationException when it is not a valid 5-field expression or macro, or never fires
     */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String text = expression.strip();
        String fields = text.startsWith("@") ? MACROS.get(text.toLowerCase(Locale.ROOT)) : text;
        if (fields == null) {
            throw new ConfigurationException("invalid cron expression '" + text + "': unknown macro; known: "
                    + "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
        }
        ExecutionTime times;
        try {
            Cron cron = PARSER.parse(fields).validate();
            times = ExecutionTime.forCron(cron);
        } catch (IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage()).replaceFirst("^Failed to parse cron expression\\. ", "");
            throw new ConfigurationException("invalid cron expression '" + text + "': " + reason, e);
        }
        if (times.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).isEmpty()) {
            throw new ConfigurationException("invalid cron expression '" + text + "': it never fires");
        }
        return new CronSchedule(text, times);
    }

    /** @return the expression as given (a macro stays a macro) */
    public String expression() {
        return expression;
    }

    /**
     * @param after an instant; the result is strictly later
     * @param zone  the zone whose wall clock the expression reads
     * @return the next fire time, or empty when there is none
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        ZonedDateTime cursor = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<ZonedDateTime> local = nextLocal(cursor);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            // null preferred offset: the earlier offset in an overlap, shifted forward in a gap
            Instant at = ZonedDateTime.ofLocal(local.get().toLocalDateTime(), zone, null).toInstant();
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            cursor = local.get();
        }
        return Optional.empty();
    }

    private synchronized Optional<ZonedDateTime> nextLocal(ZonedDateTime cursor) {
        // cron-utils computes on a fixed-offset clock here, so DST never reaches it
        return times.nextExecution(cursor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule c && c.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
