package io.github.dbsnap.spring;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates Spring's {@link Environment} into the {@code SNAPSHOTS_*} map that
 * {@code SnapshotConfig.fromEnvironment} reads: the {@code SNAPSHOTS_*}, {@code SNAPHOSTS_*} and
 * {@code REDIS_URL} variables as they are, then every {@code dbsnap.*} property under its variable's name
 * ({@code dbsnap.retention.keep-daily} → {@code SNAPSHOTS_RETENTION_KEEP_DAILY}), replacing every spelling
 * of that variable, so that the property wins.
 */
final class SnapshotsVariables {
    static final String PROPERTY_PREFIX = "dbsnap";
    private static final List<String> VARIABLE_PREFIXES = List.of("SNAPSHOTS_", "SNAPHOSTS_");
    /** Properties of the starter alone, with no variable. */
    private static final Set<String> STARTER_ONLY = Set.of("HEALTH_", "ADMIN_ROLE", "ADMIN_ENABLED");

    private SnapshotsVariables() {
    }

    /** @return the variables for {@code SnapshotConfig.fromEnvironment}, {@code dbsnap.*} properties included */
    static Map<String, String> of(Environment environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : variableNames(environment)) {
            String value = environment.getProperty(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        Map<String, String> properties = Binder.get(environment)
                .bind(PROPERTY_PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        properties.forEach((key, value) -> {
            String name = variableName(key);
            // an empty property (dbsnap.admin.token=${ADMIN_TOKEN:}) counts as unset, as an empty variable does
            if (!value.isBlank() && STARTER_ONLY.stream().noneMatch(name::startsWith)) {
                String base = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
                for (String prefix : VARIABLE_PREFIXES) {
                    out.remove(prefix + base);
                    out.remove(prefix + base + "_FILE");
                }
                out.put(VARIABLE_PREFIXES.get(0) + name, value);
            }
        });
        return out;
    }

    /** @return true when any {@code dbsnap.*} property or {@code SNAPSHOTS_*} variable is set */
    static boolean anySet(Environment environment) {
        return !variableNames(environment).stream().allMatch(n -> n.equals("REDIS_URL"))
                || !Binder.get(environment).bind(PROPERTY_PREFIX, Bindable.mapOf(String.class, String.class))
                        .orElse(Map.of()).isEmpty();
    }

    /** {@code retention.keepDaily} or {@code retention.keep-daily} → {@code RETENTION_KEEP_DAILY}. */
    static String variableName(String propertyKey) {
        return propertyKey.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    private static Set<String> variableNames(Environment environment) {
        Set<String> names = new java.util.TreeSet<>();
        if (environment instanceof ConfigurableEnvironment env) {
            for (PropertySource<?> source : env.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> e) {
                    for (String name : e.getPropertyNames()) {
                        if (name.equals("REDIS_URL") || VARIABLE_PREFIXES.stream().anyMatch(name::startsWith)) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return names;
    }
}
