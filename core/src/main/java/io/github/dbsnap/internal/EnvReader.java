package io.github.dbsnap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads {@code SNAPSHOTS_*} settings from an environment map: each name also under its older
 * {@code SNAPHOSTS_} spelling, and as {@code NAME_FILE} naming a file that holds the value (for
 * mounted secrets). Problems are collected, not thrown, so that every one can be reported at once.
 * Values are never put into problem messages.
 */
public final class EnvReader {
    /** The current spelling. */
    public static final String PREFIX = "SNAPSHOTS_";
    /** The older spelling, still accepted. */
    public static final String OLD_PREFIX = "SNAPHOSTS_";

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    /** @param env the environment, e.g. {@code System.getenv()} */
    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @return problems found so far, one line each */
    public List<String> problems() {
        return problems;
    }

    /** Records a problem. */
    public void problem(String message) {
        problems.add(message);
    }

    /** @return the raw environment value of a full name, blank counting as absent */
    public Optional<String> raw(String fullName) {
        String v = env.get(fullName);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /**
     * @param name the name without prefix, e.g. {@code STORAGE_S3_BUCKET}
     * @return the value from {@code SNAPSHOTS_name}, {@code SNAPHOSTS_name} or one of their {@code _FILE} forms
     */
    public Optional<String> get(String name) {
        List<String[]> found = new ArrayList<>();
        for (String prefix : List.of(PREFIX, OLD_PREFIX)) {
            raw(prefix + name).ifPresent(v -> found.add(new String[] {prefix + name, v}));
            raw(prefix + name + "_FILE").ifPresent(file -> {
                String v = readFile(prefix + name + "_FILE", file);
                if (v != null) {
                    found.add(new String[] {prefix + name + "_FILE", v});
                }
            });
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String value = found.get(0)[1];
        for (String[] other : found.subList(1, found.size())) {
            if (!other[1].equals(value)) {
                problems.add(found.get(0)[0] + " and " + other[0] + " are both set, to different values; set only one");
                break;
            }
        }
        return Optional.of(value);
    }

    /**
     * @param namePrefix e.g. {@code STORAGE_S3_}
     * @return the names (without {@code SNAPSHOTS_} and {@code _FILE}) set under either spelling that start with it
     */
    public TreeSet<String> namesStartingWith(String namePrefix) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : env.keySet()) {
            for (String prefix : List.of(PREFIX, OLD_PREFIX)) {
                if (key.startsWith(prefix + namePrefix)) {
                    String n = key.substring(prefix.length());
                    names.add(n.endsWith("_FILE") ? n.substring(0, n.length() - 5) : n);
                }
            }
        }
        return names;
    }

    private String readFile(String name, String file) {
        try {
            String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (v.isEmpty()) {
                problems.add(name + " names '" + file + "', which is empty");
                return null;
            }
            return v;
        } catch (IOException | RuntimeException e) {
            problems.add(name + " names '" + file + "', which cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
