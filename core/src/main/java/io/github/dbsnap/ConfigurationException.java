package io.github.dbsnap;

import java.util.List;

/**
 * Missing or invalid settings: an unknown provider name, a bad template, an invalid key or URI.
 * When several settings are wrong at once, {@link #problems()} lists each of them.
 */
public class ConfigurationException extends DbsnapException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** @param message one line naming the setting and what is wrong with it */
    public ConfigurationException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    /** @param message summary; @param cause underlying failure */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** @param problems every problem found, one line each; never empty */
    public ConfigurationException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : "invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, one line each */
    public List<String> problems() {
        return problems;
    }
}
