package io.github.dbsnap.storage.azure;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Checks Azure Storage connection strings without ever putting a value other than the account name into a message. */
final class ConnectionStrings {
    private static final String SETTING = "setting 'connection-string' (SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING)";

    private ConnectionStrings() {
    }

    /** @return the {@code Key=Value} pairs with lower-case keys, or null when the string is not made of such pairs */
    static Map<String, String> parse(String cs) {
        Map<String, String> parts = new TreeMap<>();
        for (String part : cs.trim().split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq <= 0 ? "" : part.substring(0, eq).trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                return null;
            }
            parts.put(name.toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        return parts.isEmpty() ? null : parts;
    }

    /** @return what is wrong with the connection string, never quoting secrets */
    static List<String> problems(String cs) {
        List<String> problems = new ArrayList<>();
        Map<String, String> p = parse(cs);
        if (p == null) {
            problems.add(SETTING + " is malformed: expected Key=Value pairs separated by ';'");
            return problems;
        }
        boolean key = p.containsKey("accountkey");
        boolean sas = p.containsKey("sharedaccesssignature");
        if (!key && !sas) {
            problems.add(SETTING + " has neither AccountKey nor SharedAccessSignature");
        }
        if (key && !p.containsKey("accountname")) {
            problems.add(SETTING + " has an AccountKey but no AccountName");
        }
        if (key) {
            try {
                Base64.getDecoder().decode(p.get("accountkey"));
            } catch (IllegalArgumentException e) {
                problems.add(SETTING + " has an AccountKey that is not valid base64");
            }
        }
        if (!p.containsKey("blobendpoint") && !p.containsKey("accountname")) {
            problems.add(SETTING + " has neither BlobEndpoint nor AccountName");
        }
        String endpoint = p.get("blobendpoint");
        if (endpoint != null && !endpoint.matches("(?i)https?://[^\\s]+")) {
            problems.add(SETTING + " has a BlobEndpoint that is not an http(s) URL");
        }
        String protocol = p.get("defaultendpointsprotocol");
        if (protocol != null && !protocol.equalsIgnoreCase("https") && !protocol.equalsIgnoreCase("http")) {
            problems.add(SETTING + " has DefaultEndpointsProtocol '" + protocol + "'; expected https or http");
        }
        return problems;
    }

    /** @return whether the connection string authorizes with a SAS */
    static boolean hasSas(String cs) {
        Map<String, String> p = cs == null ? null : parse(cs);
        return p != null && p.containsKey("sharedaccesssignature");
    }

    /** @return the values that must never be shown: the account key and any SAS signature */
    static List<String> secrets(String cs) {
        List<String> out = new ArrayList<>();
        Map<String, String> p = cs == null ? null : parse(cs);
        if (p != null) {
            if (p.containsKey("accountkey")) {
                out.add(p.get("accountkey"));
            }
            if (p.containsKey("sharedaccesssignature")) {
                out.addAll(SasUrls.signatures(p.get("sharedaccesssignature")));
            }
        }
        return out;
    }
}
