package io.github.dbsnap.spring;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import java.util.List;
import java.util.Locale;

/**
 * Hides dbsnap's secrets in {@code /actuator/env} and {@code /actuator/configprops} even when their values are
 * shown ({@code show-values: always}): keys, secret keys, passwords, tokens, connection strings and every URL
 * (URLs may carry credentials), as {@code dbsnap.*} properties and as {@code SNAPSHOTS_*} variables.
 */
class DbsnapSanitizingFunction implements SanitizingFunction {
    private static final List<String> OWN_PREFIXES = List.of("dbsnap", "snapshots", "snaphosts");
    /** Compared without separators: Spring reports {@code secret-access-key}, {@code secretAccessKey} and {@code secretaccesskey}. */
    private static final List<String> SECRET_ENDINGS = List.of("secretkey", "secretaccesskey", "encryptionkey",
            "password", "token", "connectionstring", "sasurl", "url");

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.getValue() != null && isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
    }

    /** @return true for a dbsnap property or variable that holds a secret, in any of Spring's spellings */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return OWN_PREFIXES.stream().anyMatch(k::startsWith) && SECRET_ENDINGS.stream().anyMatch(k::endsWith);
    }
}
