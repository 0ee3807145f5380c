package io.github.dbsnap.spi;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.internal.Durations;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An immutable view of string settings for one provider or source, keyed by short names
 * ({@code bucket}, {@code url}); {@code dbsnap.storage.s3.bucket} reaches the S3 factory as
 * {@code bucket} through {@link #scoped(String)}. Thread-safe. Values of secret keys (anything
 * named like a password, secret, token, key material or connection string) never appear in
 * {@link #toString()} or in exception messages.
 */
public final class ProviderConfig {
    private static final ProviderConfig EMPTY = new ProviderConfig(Map.of(), "");

    private final Map<String, String> values;
    private final String scope;

    private ProviderConfig(Map<String, String> values, String scope) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.scope = scope;
    }

    /** @param values settings; null values are dropped, blank values count as absent */
    public static ProviderConfig of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                copy.put(k, v);
            }
        });
        return new ProviderConfig(copy, "");
    }

    /** @return a configuration without settings */
    public static ProviderConfig empty() {
        return EMPTY;
    }

    /**
     * @param prefix a prefix such as {@code dbsnap.storage.s3.}
     * @return the settings under that prefix, with the prefix removed from their keys
     */
    public ProviderConfig scoped(String prefix) {
        Map<String, String> sub = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sub.put(k.substring(prefix.length()), v);
            }
        });
        return new ProviderConfig(sub, scope + prefix);
    }

    /** @return a copy with one more setting (replacing an existing one) */
    public ProviderConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        if (value == null || value.isBlank()) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new ProviderConfig(copy, scope);
    }

    /** @return the keys present */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** @return the value, or empty when absent */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @throws ConfigurationException naming the key when absent */
    public String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigurationException("missing setting '" + scope + key + "'");
        }
        return v;
    }

    /** Like {@link #optional} for a secret; the value is never echoed by this class. */
    public Optional<String> secret(String key) {
        return optional(key);
    }

    /** @throws ConfigurationException when present but not an integer */
    public Optional<Integer> integer(String key) {
        return parse(key, "an integer", Integer::valueOf);
    }

    /** @throws ConfigurationException when present but not a size such as {@code 8MiB}, {@code 16m} or a byte count */
    public Optional<Long> bytes(String key) {
        return parse(key, "a size such as 8MiB", Durations::parseBytes);
    }

    /** @throws ConfigurationException when present but not {@code true}/{@code false}/{@code 1}/{@code 0} */
    public Optional<Boolean> bool(String key) {
        return parse(key, "true or false", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(v);
        });
    }

    /** @throws ConfigurationException when present but not a duration such as {@code 30s}, {@code 5m} or {@code PT1H} */
    public Optional<Duration> duration(String key) {
        return parse(key, "a duration such as 30s or PT5M", Durations::parse);
    }

    /**
     * Parses a duration in the syntax every setting accepts: a number with {@code ms}, {@code s},
     * {@code m}, {@code h}, {@code d} or {@code w} ({@code 30s}, {@code 12h}, {@code 7d}), or ISO-8601
     * ({@code PT5M}).
     *
     * @param text the text, not null
     * @return the duration
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    private <T> Optional<T> parse(String key, String what, Function<String, T> parser) {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(v.trim()));
        } catch (RuntimeException e) {
            String shown = isSecret(key) ? "" : " '" + v + "'";
            throw new ConfigurationException("setting '" + scope + key + "'" + shown + " is not " + what);
        }
    }

    /** @return whether a key names a secret, so that its value must never be shown */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("passphrase")
                || k.contains("token") || k.contains("connection-string") || k.contains("account-key")
                || k.contains("sas") || k.contains("identity") || k.endsWith("url") || k.contains("credential")
                || k.contains("encryption-key") || k.contains("age-secret");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderConfig{");
        String sep = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(isSecret(e.getKey()) ? "****" : e.getValue());
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
