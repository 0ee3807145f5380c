package io.github.dbsnap.internal;

import io.github.dbsnap.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/** One {@link ServiceLoader} pass over a factory type, keyed by name. */
public final class Plugins {
    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private Plugins() {
    }

    /**
     * @return the factories found, by name; a factory that fails to load is logged and skipped
     * @throws ConfigurationException when two factories share a name
     */
    public static <F> Map<String, F> load(Class<F> type, Function<F, String> name) {
        Map<String, F> found = new TreeMap<>();
        Iterator<F> it = ServiceLoader.load(type, Plugins.class.getClassLoader()).iterator();
        while (true) {
            F factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                factory = it.next();
            } catch (ServiceConfigurationError e) {
                log.warn("Skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
                continue;
            }
            F previous = found.put(name.apply(factory), factory);
            if (previous != null && previous.getClass() != factory.getClass()) {
                throw new ConfigurationException("two " + type.getSimpleName() + "s are named '" + name.apply(factory)
                        + "': " + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return found;
    }

    /** @throws ConfigurationException naming what was found and the artifact to add when {@code wanted} is missing */
    public static <F> F find(Class<F> type, Function<F, String> name, String what, String wanted,
                             Map<String, String> artifacts) {
        Map<String, F> found = load(type, name);
        F f = found.get(wanted);
        if (f == null) {
            String hint = artifacts.containsKey(wanted) ? "; add " + artifacts.get(wanted) + " to the class path" : "";
            throw new ConfigurationException("unknown " + what + " '" + wanted + "'; available: "
                    + (found.isEmpty() ? "none" : String.join(", ", found.keySet())) + hint);
        }
        return f;
    }
}
