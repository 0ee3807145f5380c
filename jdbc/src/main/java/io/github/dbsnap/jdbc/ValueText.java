package io.github.dbsnap.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The canonical CSV text of values, and lenient parsing of it back. */
final class ValueText {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern SHORT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})?$");
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private ValueText() {
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String text) {
        return HEX.parseHex(text);
    }

    static String bool(boolean b) {
        return b ? "true" : "false";
    }

    /** @return whether the text is a boolean word or 0/1; @throws IllegalArgumentException otherwise */
    static boolean parseBool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes", "y", "on" -> true;
            case "false", "f", "0", "no", "n", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    static boolean isBoolWord(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("false") || t.equals("t") || t.equals("f");
    }

    /** @return exact decimal text without exponent; text that is no number (NaN) is kept */
    static String decimal(String text) {
        try {
            return new BigDecimal(text.trim()).toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** @return {@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z} */
    static String instant(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i);
    }

    /** @return {@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]}, the same shape as {@link #instant} without {@code Z} */
    static String local(LocalDateTime t) {
        String s = instant(t.toInstant(ZoneOffset.UTC));
        return s.substring(0, s.length() - 1);
    }

    /** @return {@code HH:mm:ss[.fff[fff[fff]]]} */
    static String time(LocalTime t) {
        String s = local(LocalDate.EPOCH.atTime(t));
        return s.substring(s.indexOf('T') + 1);
    }

    /** @return the text as an instant; text without an offset is read as UTC */
    static OffsetDateTime parseOffset(String text) {
        String s = normalise(text);
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return parseLocalOnly(s).atOffset(ZoneOffset.UTC);
        }
    }

    /** @return the text as a local date-time; text with an offset is converted to UTC */
    static LocalDateTime parseLocal(String text) {
        String s = normalise(text);
        if (s.length() <= 19 || s.indexOf('Z', 19) < 0 && s.indexOf('+', 19) < 0 && s.indexOf('-', 19) < 0) {
            return parseLocalOnly(s); // no offset: no failed OffsetDateTime parse (an exception per value)
        }
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            return parseLocalOnly(s);
        }
    }

    static LocalDate parseDate(String text) {
        String s = text.trim();
        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    }

    static LocalTime parseTime(String text) {
        return LocalTime.parse(text.trim());
    }

    /** @return {@code yyyy-MM-dd HH:mm:ss.ffffff}, the literal form MySQL and MariaDB accept */
    static String sqlTimestamp(LocalDateTime t) {
        return SQL_TIMESTAMP.format(t);
    }

    private static LocalDateTime parseLocalOnly(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay();
        }
        return LocalDateTime.parse(s);
    }

    /** Accepts a space instead of {@code T} and offsets written {@code +01} or {@code +0100}. */
    private static String normalise(String text) {
        String s = text.trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.endsWith(" UTC")) {
            s = s.substring(0, s.length() - 4) + 'Z';
        }
        if (s.length() > 19) {
            Matcher m = SHORT_OFFSET.matcher(s);
            if (m.find() && m.start() >= 19) {
                s = s.substring(0, m.start()) + m.group(1) + ":" + (m.group(2) == null ? "00" : m.group(2));
            }
        }
        return s;
    }
}
