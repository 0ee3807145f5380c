package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Canonical value text and the lenient parsing that lets other backends' text restore. */
class ValueTextTest {

    @Test
    @DisplayName("timestamps with time zone are ISO-8601 instants in UTC")
    void instants() {
        assertThat(ValueText.instant(Instant.parse("2024-05-01T10:15:30.123456Z"))).isEqualTo("2024-05-01T10:15:30.123456Z");
        assertThat(ValueText.instant(Instant.parse("2024-05-01T10:15:30Z"))).isEqualTo("2024-05-01T10:15:30Z");
        for (String s : new String[] {"2024-05-01 12:15:30.5+02", "2024-05-01T12:15:30.5+0200", "2024-05-01T10:15:30.5Z",
                "2024-05-01 10:15:30.5", "2024-05-01T12:15:30.500+02:00"}) {
            assertThat(ValueText.parseOffset(s).toInstant()).as(s).isEqualTo(Instant.parse("2024-05-01T10:15:30.5Z"));
        }
    }

    @Test
    @DisplayName("local timestamps and times always carry seconds")
    void localTimes() {
        assertThat(ValueText.local(LocalDateTime.parse("2024-05-01T10:15"))).isEqualTo("2024-05-01T10:15:00");
        assertThat(ValueText.time(LocalTime.parse("10:15"))).isEqualTo("10:15:00");
        assertThat(ValueText.parseLocal("2024-05-01T12:15:30+02:00")).isEqualTo(LocalDateTime.parse("2024-05-01T10:15:30"));
        assertThat(ValueText.parseLocal("2024-05-01")).isEqualTo(LocalDateTime.parse("2024-05-01T00:00:00"));
    }

    @Test
    @DisplayName("decimals keep every digit, booleans and bytes have one spelling")
    void scalars() {
        assertThat(ValueText.decimal("1.2345678901234567890123E+5")).isEqualTo("123456.78901234567890123");
        assertThat(ValueText.decimal("NaN")).isEqualTo("NaN");
        assertThat(ValueText.parseBool("t")).isTrue();
        assertThat(ValueText.parseBool("0")).isFalse();
        assertThat(ValueText.hex(new byte[] {0, (byte) 0xff, 0x10})).isEqualTo("00ff10");
        assertThat(ValueText.unhex("00FF10")).containsExactly(0, 0xff, 0x10);
    }
}
