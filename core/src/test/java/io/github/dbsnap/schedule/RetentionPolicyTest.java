package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotInfo;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static SnapshotInfo at(String instant) {
        String key = "db/" + instant + "/main.tar.zst";
        return new SnapshotInfo(key, URI.create("memory:/" + key), "main", 10, Instant.parse(instant),
                Compression.ZSTD, false);
    }

    private static List<SnapshotInfo> history(String... instants) {
        List<SnapshotInfo> out = new ArrayList<>();
        for (String i : instants) {
            out.add(at(i));
        }
        Collections.shuffle(out, new java.util.Random(7)); // order of the input must not matter
        return out;
    }

    private static List<String> keptTimes(PruneResult r) {
        return r.kept().stream().map(s -> s.createdAt().toString()).toList();
    }

    private static RetentionPolicy policy(int last, int daily, int weekly, int monthly, Duration maxAge) {
        return new RetentionPolicy(last, daily, weekly, monthly, maxAge);
    }

    @Test
    void noRuleDeletesNothing() {
        List<SnapshotInfo> h = history("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
        PruneResult r = RetentionPolicy.NONE.apply(h, ZoneOffset.UTC, NOW);
        assertThat(r.deleted()).isEmpty();
        assertThat(keptTimes(r)).containsExactly("2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z");
    }

    @Test
    void keepLastKeepsTheNewestN() {
        List<SnapshotInfo> h = history("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
                "2026-03-04T00:00:00Z");
        PruneResult r = policy(2, 0, 0, 0, null).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2026-03-04T00:00:00Z", "2026-03-03T00:00:00Z");
        assertThat(r.deleted()).extracting(s -> s.createdAt().toString())
                .containsExactly("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z");
    }

    @Test
    void keepDailyKeepsTheNewestOfEachOfTheLastDaysThatHaveSnapshots() {
        List<SnapshotInfo> h = history(
                "2026-03-10T01:00:00Z", "2026-03-10T13:00:00Z",
                // no snapshot on 03-11 and 03-12: those days do not count
                "2026-03-13T01:00:00Z", "2026-03-13T23:00:00Z",
                "2026-03-14T06:00:00Z");
        PruneResult r = policy(0, 3, 0, 0, null).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2026-03-14T06:00:00Z", "2026-03-13T23:00:00Z", "2026-03-10T13:00:00Z");
    }

    @Test
    void daysAreReadInTheConfiguredZone() {
        // 23:30Z and 00:30Z are two UTC days, but 00:30 and 01:30 of the same day in Berlin (UTC+1)
        List<SnapshotInfo> h = history("2026-03-12T12:00:00Z", "2026-03-12T23:30:00Z", "2026-03-13T00:30:00Z");
        assertThat(keptTimes(policy(0, 2, 0, 0, null).apply(h, ZoneOffset.UTC, NOW)))
                .containsExactly("2026-03-13T00:30:00Z", "2026-03-12T23:30:00Z");
        assertThat(keptTimes(policy(0, 2, 0, 0, null).apply(h, BERLIN, NOW)))
                .containsExactly("2026-03-13T00:30:00Z", "2026-03-12T12:00:00Z");
    }

    @Test
    void keepWeeklyUsesIsoWeeksAcrossTheYearBoundary() {
        // 2024-12-30 (Monday) to 2025-01-05 is ISO week 2025-W01; 2024-12-29 (Sunday) is 2024-W52
        List<SnapshotInfo> h = history("2024-12-23T10:00:00Z", "2024-12-29T10:00:00Z", "2024-12-30T10:00:00Z",
                "2025-01-05T10:00:00Z");
        PruneResult r = policy(0, 0, 2, 0, null).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2025-01-05T10:00:00Z", "2024-12-29T10:00:00Z");
    }

    @Test
    void keepMonthlyReadsMonthsInTheZone() {
        // 2026-01-31T23:30Z is already February 1st in Berlin
        List<SnapshotInfo> h = history("2026-01-15T12:00:00Z", "2026-01-31T23:30:00Z", "2026-02-10T12:00:00Z",
                "2026-03-01T12:00:00Z");
        assertThat(keptTimes(policy(0, 0, 0, 3, null).apply(h, ZoneOffset.UTC, NOW)))
                .containsExactly("2026-03-01T12:00:00Z", "2026-02-10T12:00:00Z", "2026-01-31T23:30:00Z");
        assertThat(keptTimes(policy(0, 0, 0, 3, null).apply(h, BERLIN, NOW)))
                .containsExactly("2026-03-01T12:00:00Z", "2026-02-10T12:00:00Z", "2026-01-15T12:00:00Z");
    }

    @Test
    void maxAgeKeepsEverythingYoungerThanTheDuration() {
        List<SnapshotInfo> h = history("2026-03-01T12:00:00Z", "2026-03-08T12:00:01Z", "2026-03-14T12:00:00Z");
        PruneResult r = policy(0, 0, 0, 0, Duration.ofDays(7)).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2026-03-14T12:00:00Z", "2026-03-08T12:00:01Z");
    }

    @Test
    void theNewestSnapshotIsNeverDeleted() {
        List<SnapshotInfo> h = history("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
        PruneResult r = policy(0, 0, 0, 0, Duration.ofDays(1)).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2025-02-01T00:00:00Z");
        assertThat(r.deleted()).hasSize(1);
    }

    @Test
    void aSnapshotIsKeptWhenAnyRuleKeepsIt() {
        List<SnapshotInfo> h = history("2026-01-20T00:00:00Z", "2026-02-20T00:00:00Z", "2026-03-13T00:00:00Z",
                "2026-03-14T00:00:00Z", "2026-03-14T06:00:00Z", "2026-03-15T00:00:00Z");
        PruneResult r = policy(1, 2, 0, 3, null).apply(h, ZoneOffset.UTC, NOW);
        assertThat(keptTimes(r)).containsExactly("2026-03-15T00:00:00Z", "2026-03-14T06:00:00Z",
                "2026-02-20T00:00:00Z", "2026-01-20T00:00:00Z");
        assertThat(r.kept().size() + r.deleted().size()).isEqualTo(h.size());
    }

    @Test
    void emptyHistoryIsFine() {
        PruneResult r = policy(1, 1, 1, 1, Duration.ofDays(1)).apply(List.of(), ZoneOffset.UTC, NOW);
        assertThat(r.kept()).isEmpty();
        assertThat(r.deleted()).isEmpty();
    }

    @Test
    void negativeValuesAreAllReportedAtOnce() {
        assertThatThrownBy(() -> new RetentionPolicy(-1, 0, -2, 0, Duration.ofDays(-1)))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).contains("keepLast"))
                        .anySatisfy(p -> assertThat(p).contains("keepWeekly"))
                        .anySatisfy(p -> assertThat(p).contains("maxAge")));
    }
}
