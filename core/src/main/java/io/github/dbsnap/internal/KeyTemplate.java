package io.github.dbsnap.internal;

import io.github.dbsnap.spi.StorageKeys;
import io.github.dbsnap.ConfigurationException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object prefix template: literal text with {@code ${iso_date()}}, {@code ${database}} and
 * {@code ${hostname}}. Any other {@code ${…}} is a configuration error.
 */
public final class KeyTemplate {
    /** The default prefix template. */
    public static final String DEFAULT = "altcha-sentinel-backups/db/${iso_date()}";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ISO_REGEX = "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)";

    private final String template;
    private final List<Object> parts;

    private KeyTemplate(String template, List<Object> parts) {
        this.template = template;
        this.parts = parts;
    }

    private enum Var { ISO_DATE, DATABASE, HOSTNAME }

    /**
     * @param template e.g. {@code backups/${database}/${iso_date()}}; leading and trailing {@code /} are dropped
     * @throws ConfigurationException for an unknown variable or a template that is not a valid key prefix
     */
    public static KeyTemplate parse(String template) {
        String t = template.strip();
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        List<Object> parts = new ArrayList<>();
        Matcher m = VARIABLE.matcher(t);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(t.substring(last, m.start()));
            }
            parts.add(switch (m.group(1).strip()) {
                case "iso_date()" -> Var.ISO_DATE;
                case "database" -> Var.DATABASE;
                case "hostname" -> Var.HOSTNAME;
                default -> throw new ConfigurationException("unknown variable '${" + m.group(1)
                        + "}' in prefix template '" + template + "'; known: ${iso_date()}, ${database}, ${hostname}");
            });
            last = m.end();
        }
        if (last < t.length()) {
            String rest = t.substring(last);
            if (rest.contains("${")) {
                throw new ConfigurationException("unterminated variable in prefix template '" + template + "'");
            }
            parts.add(rest);
        }
        KeyTemplate kt = new KeyTemplate(t, List.copyOf(parts));
        if (!t.isEmpty()) {
            StorageKeys.validatePrefix(kt.expand(Instant.EPOCH, "db", "host"));
        }
        return kt;
    }

    /** @return the prefix for one snapshot, without a trailing {@code /} (empty for an empty template) */
    public String expand(Instant createdAt, String database, String hostname) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                sb.append(switch ((Var) p) {
                    case ISO_DATE -> ISO_MILLIS.format(createdAt);
                    case DATABASE -> database;
                    case HOSTNAME -> hostname;
                });
            }
        }
        return sb.toString();
    }

    /** @return whether the template holds {@code ${iso_date()}}, so that keys differ from one millisecond to the next */
    public boolean hasDate() {
        return parts.contains(Var.ISO_DATE);
    }

    /** @return the literal text before the first variable: where listing starts */
    public String listingPrefix() {
        return parts.isEmpty() || !(parts.get(0) instanceof String s) ? "" : s;
    }

    /** The mark {@code rekey} puts before {@code .age}: {@code main.tar.zst.rk-1a2b3c4d.age}. */
    public static final String REKEY_TAG = "\\.rk-[0-9a-z]{1,16}";

    /**
     * @return a pattern matching full keys of snapshots of {@code database} under this template;
     *         group {@code date} holds the ISO date when the template has one, group {@code ext} the
     *         compression extension and group {@code age} is non-null when encrypted
     */
    public Pattern keyPattern(String database) {
        StringBuilder sb = new StringBuilder();
        boolean dated = false;
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(Pattern.quote(s));
            } else if (p == Var.ISO_DATE && !dated) {
                sb.append(ISO_REGEX.replace("(", "(?<date>"));
                dated = true;
            } else if (p == Var.ISO_DATE) {
                sb.append(ISO_REGEX.replace("(", "(?:"));
            } else if (p == Var.DATABASE) {
                sb.append(Pattern.quote(database));
            } else {
                sb.append("[^/]+");
            }
        }
        if (!parts.isEmpty()) {
            sb.append('/');
        }
        sb.append(Pattern.quote(database)).append("\\.tar\\.(?<ext>zst|gz)(?:" + REKEY_TAG + ")?(?<age>\\.age)?");
        return Pattern.compile(sb.toString());
    }

    /** @return the ISO date in a key matched by {@link #keyPattern}, if the template has one */
    public static Optional<Instant> dateOf(Matcher matched) {
        try {
            String d = matched.group("date");
            return d == null ? Optional.empty() : Optional.of(Instant.parse(d));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
