package io.github.dbsnap.schedule;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotInfo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which snapshots of one database to keep, with the semantics of restic's {@code forget}. Snapshots
 * are ordered newest first (by creation time, then key). A snapshot is kept when any rule keeps it:
 * <ul>
 *   <li>{@code keepLast} N: the N newest snapshots;</li>
 *   <li>{@code keepDaily} N: for each of the N most recent calendar days <em>that have snapshots</em>
 *       (days without any snapshot do not count), the newest snapshot of that day; days are read in
 *       the given zone;</li>
 *   <li>{@code keepWeekly} N: the same per ISO-8601 week (Monday to Sunday, week-based year);</li>
 *   <li>{@code keepMonthly} N: the same per calendar month;</li>
 *   <li>{@code maxAge} D: every snapshot created less than D before {@code now} (unlike restic's
 *       {@code --keep-within}, which counts from the newest snapshot).</li>
 * </ul>
 * A count of 0 (or a zero {@code maxAge}) turns a rule off. When every rule is off, nothing is
 * deleted. The newest snapshot is never deleted, whatever the rules.
 *
 * @param keepLast    number of newest snapshots to keep; 0 = off
 * @param keepDaily   number of days to keep one snapshot for; 0 = off
 * @param keepWeekly  number of ISO weeks to keep one snapshot for; 0 = off
 * @param keepMonthly number of months to keep one snapshot for; 0 = off
 * @param maxAge      keep everything younger than this; {@link Duration#ZERO} (or null) = off
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, Duration maxAge) {
    /** Keeps everything. */
    public static final RetentionPolicy NONE = new RetentionPolicy(0, 0, 0, 0, Duration.ZERO);

    /**
     * Validates the components.
     *
     * @throws ConfigurationException when a count or the age is negative
     */
    public RetentionPolicy {
        maxAge = maxAge == null ? Duration.ZERO : maxAge;
        List<String> problems = new ArrayList<>();
        check(problems, "keepLast", keepLast);
        check(problems, "keepDaily", keepDaily);
        check(problems, "keepWeekly", keepWeekly);
        check(problems, "keepMonthly", keepMonthly);
        if (maxAge.isNegative()) {
            problems.add("retention maxAge must not be negative, was " + maxAge);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    private static void check(List<String> problems, String name, int value) {
        if (value < 0) {
            problems.add("retention " + name + " must not be negative, was " + value);
        }
    }

    /** @return true when no rule is set, so that nothing is ever deleted */
    public boolean isEmpty() {
        return keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && maxAge.isZero();
    }

    /**
     * Decides what to keep. Pure: it reads nothing but its arguments.
     *
     * @param snapshots the snapshots of one database, in any order
     * @param zone      the zone days, weeks and months are read in
     * @param now       the current instant, for {@code maxAge}
     * @return kept and deleted snapshots, each newest first, with {@code dryRun} false
     */
    public PruneResult apply(List<SnapshotInfo> snapshots, ZoneId zone, Instant now) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
        List<SnapshotInfo> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparing(SnapshotInfo::createdAt).thenComparing(SnapshotInfo::key).reversed());
        if (isEmpty()) {
            return new PruneResult(sorted, List.of(), false);
        }
        Set<SnapshotInfo> keep = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(keepLast, sorted.size()); i++) {
            keep.add(sorted.get(i));
        }
        keepNewestPerBucket(sorted, keepDaily, s -> local(s, zone).toLocalDate(), keep);
        keepNewestPerBucket(sorted, keepWeekly, s -> {
            ZonedDateTime t = local(s, zone);
            return t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, keep);
        keepNewestPerBucket(sorted, keepMonthly, s -> local(s, zone).getYear() * 100 + local(s, zone).getMonthValue(), keep);
        if (!maxAge.isZero()) {
            Instant cutoff = now.minus(maxAge);
            sorted.stream().filter(s -> s.createdAt().isAfter(cutoff)).forEach(keep::add);
        }
        if (!sorted.isEmpty()) {
            keep.add(sorted.get(0));
        }
        List<SnapshotInfo> kept = new ArrayList<>();
        List<SnapshotInfo> deleted = new ArrayList<>();
        for (SnapshotInfo s : sorted) {
            (keep.contains(s) ? kept : deleted).add(s);
        }
        return new PruneResult(kept, deleted, false);
    }

    private static ZonedDateTime local(SnapshotInfo s, ZoneId zone) {
        return s.createdAt().atZone(zone);
    }

    /** Walks newest first and keeps the first snapshot of each new bucket, for {@code count} buckets. */
    private static void keepNewestPerBucket(List<SnapshotInfo> newestFirst, int count,
                                            Function<SnapshotInfo, Object> bucketOf, Set<SnapshotInfo> keep) {
        Set<Object> seen = new HashSet<>();
        for (SnapshotInfo s : newestFirst) {
            if (seen.size() >= count) {
                return;
            }
            if (seen.add(bucketOf.apply(s))) {
                keep.add(s);
            }
        }
    }

    @Override
    public String toString() {
        return "RetentionPolicy{keepLast=" + keepLast + ", keepDaily=" + keepDaily + ", keepWeekly=" + keepWeekly
                + ", keepMonthly=" + keepMonthly + ", maxAge=" + maxAge + "}";
    }
}
