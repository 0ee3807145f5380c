package io.github.dbsnap.schedule;

import io.github.dbsnap.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void dailyAtMidnightFiresOncePerDayInUtc() {
        CronSchedule daily = CronSchedule.parse("0 0 * * *");
        assertThat(daily.next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(daily.next(Instant.parse("2026-01-01T23:59:59Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "@daily, 2026-01-02T00:00:00Z",
        "@midnight, 2026-01-02T00:00:00Z",
        "@hourly, 2026-01-01T11:00:00Z",
        "@weekly, 2026-01-04T00:00:00Z",
        "@monthly, 2026-02-01T00:00:00Z",
        "@yearly, 2027-01-01T00:00:00Z",
        "@ANNUALLY, 2027-01-01T00:00:00Z",
        "*/15 * * * *, 2026-01-01T10:45:00Z",
        "0 3 * * MON-FRI, 2026-01-02T03:00:00Z",
    })
    void macrosAndFieldsFireWhenExpected(String expression, String expected) {
        // 2026-01-01 is a Thursday
        assertThat(CronSchedule.parse(expression).next(Instant.parse("2026-01-01T10:30:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse(expected));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEitherAsInUnixCron() {
        // 1st of the month or a Sunday: after Thu 2026-01-01, the next is Sunday 2026-01-04
        assertThat(CronSchedule.parse("0 0 1 * 0").next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-01-04T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"61 * * * *", "0 0 * *", "0 0 * * * *", "@reboot", "@sometimes", "0 0 31 2 *", "x y z", ""})
    void invalidExpressionsAreConfigurationErrorsNamingThem(String expression) {
        assertThatThrownBy(() -> CronSchedule.parse(expression))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("invalid cron expression '" + expression + "'");
    }

    @Test
    void springForwardGapFiresOnceShiftedByTheGap() {
        // 2024-03-10: New York clocks jump from 02:00 to 03:00; 02:30 does not exist that day
        List<Instant> fires = fires("30 2 * * *", NEW_YORK, LocalDateTime.parse("2024-03-09T00:00"), 3);
        assertThat(fires).containsExactly(
                Instant.parse("2024-03-09T07:30:00Z"),  // 02:30 EST
                Instant.parse("2024-03-10T07:30:00Z"),  // 03:30 EDT, the gap's length later
                Instant.parse("2024-03-11T06:30:00Z")); // 02:30 EDT
    }

    @Test
    void fallBackOverlapFiresOnceAtTheFirstOccurrence() {
        // 2024-11-03: New York clocks go back from 02:00 EDT to 01:00 EST; 01:30 happens twice
        List<Instant> fires = fires("30 1 * * *", NEW_YORK, LocalDateTime.parse("2024-11-02T00:00"), 3);
        assertThat(fires).containsExactly(
                Instant.parse("2024-11-02T05:30:00Z"),  // 01:30 EDT
                Instant.parse("2024-11-03T05:30:00Z"),  // 01:30 EDT, first occurrence only
                Instant.parse("2024-11-04T06:30:00Z")); // 01:30 EST
    }

    @Test
    void restartDuringTheRepeatedHourDoesNotFireTheSameLocalTimeAgain() {
        // 01:10 EST is after the first 01:30 (EDT) has passed
        assertThat(CronSchedule.parse("30 1 * * *").next(Instant.parse("2024-11-03T06:10:00Z"), NEW_YORK))
                .contains(Instant.parse("2024-11-04T06:30:00Z"));
    }

    @Test
    void europeanTransitionsAlsoRunDailyJobsExactlyOnce() {
        List<Instant> spring = fires("30 2 * * *", BERLIN, LocalDateTime.parse("2024-03-30T12:00"), 2);
        assertThat(spring).containsExactly(Instant.parse("2024-03-31T01:30:00Z"), Instant.parse("2024-04-01T00:30:00Z"));
        List<Instant> autumn = fires("30 2 * * *", BERLIN, LocalDateTime.parse("2024-10-26T12:00"), 2);
        assertThat(autumn).containsExactly(Instant.parse("2024-10-27T00:30:00Z"), Instant.parse("2024-10-28T01:30:00Z"));
    }

    @Test
    void hourlyJobsNeverFireTwiceAtTheSameWallClockTime() {
        List<Instant> fires = fires("0 * * * *", NEW_YORK, LocalDateTime.parse("2024-11-03T00:00"), 3);
        // 01:00 EDT, then 01:00 EST is the same wall-clock time and is skipped: 02:00 EST
        assertThat(fires).containsExactly(Instant.parse("2024-11-03T05:00:00Z"), Instant.parse("2024-11-03T07:00:00Z"),
                Instant.parse("2024-11-03T08:00:00Z"));
    }

    private static List<Instant> fires(String expression, ZoneId zone, LocalDateTime from, int count) {
        CronSchedule cron = CronSchedule.parse(expression);
        Instant t = from.atZone(zone).toInstant();
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            t = cron.next(t, zone).orElseThrow();
            out.add(t);
        }
        return out;
    }
}
