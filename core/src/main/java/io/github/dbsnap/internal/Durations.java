package io.github.dbsnap.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human-friendly durations ({@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, ISO-8601) and sizes ({@code 8MiB}). */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException when not a duration */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    }

    /** @throws IllegalArgumentException when not a size; binary units (1 MiB = 1 MB = 1 m = 1048576) */
    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit.charAt(0)) {
            case 'k' -> Math.multiplyExact(n, 1024L);
            case 'm' -> Math.multiplyExact(n, 1024L * 1024);
            case 'g' -> Math.multiplyExact(n, 1024L * 1024 * 1024);
            default -> n;
        };
    }
}
