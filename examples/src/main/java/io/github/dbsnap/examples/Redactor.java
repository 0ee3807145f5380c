package io.github.dbsnap.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text the CLI prints about errors, whoever wrote the message (a JDBC driver quoting its URL,
 * an SDK quoting a connection string): passwords in URLs ({@code user:pass@}), {@code password=…} parameters
 * ({@code ?…&password=}, {@code ;password=}) and the values of every configured secret setting.
 */
final class Redactor {
    static final String MASK = "***";
    private static final Pattern USER_INFO = Pattern.compile("(//[^/\\s:@]*:)[^\\s@]+@");
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)((?:password|passwd|pwd|passphrase|secret|token|accountkey|sharedaccesssignature|sig|apikey|api_key)=)[^&;\\s,'\")]+");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(SECRET|PASSWORD|PASSPHRASE|TOKEN|ENCRYPTION_KEY|SIGNING_KEY|ACCOUNT_KEY|CONNECTION_STRING|SAS|_URL).*");
    private static final int MIN_SECRET = 4;
    private static final long MAX_SECRET_FILE = 64 * 1024;

    private final List<String> values;

    private Redactor(List<String> values) {
        this.values = values;
    }

    /** @return a redactor knowing the secret values set in {@code env} (also those in files named by {@code *_FILE}) */
    static Redactor of(Map<String, String> env) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null || !(name.startsWith("SNAPSHOTS_") || name.startsWith("SNAPHOSTS_")
                    || name.equals("REDIS_URL")) || !SECRET_NAME.matcher(name).matches()) {
                continue;
            }
            String value = name.endsWith("_FILE") ? read(e.getValue()) : e.getValue();
            if (value != null && !name.contains("_URL")) {
                add(values, value.strip());
                value.lines().forEach(l -> add(values, l.strip()));
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(values));
    }

    private static void add(List<String> values, String v) {
        if (v.length() >= MIN_SECRET && !v.startsWith("-----") && !values.contains(v)) {
            values.add(v);
        }
    }

    private static String read(String file) {
        try {
            Path p = Path.of(file);
            return Files.size(p) <= MAX_SECRET_FILE ? Files.readString(p) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return {@code text} with every secret replaced by {@value #MASK} */
    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        out = USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
        return PARAMETER.matcher(out).replaceAll("$1" + MASK);
    }
}
