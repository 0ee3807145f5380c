package io.github.dbsnap.storage.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks container SAS URLs; messages never show the query, which holds the signature. */
final class SasUrls {
    private static final String SETTING = "setting 'sas-url' (SNAPSHOTS_STORAGE_AZURE_SAS_URL)";
    private static final Pattern SIG = Pattern.compile("(?i)(?:^|[?&;])sig=([^&;\\s\"'<]*)");

    /** The parts of a container SAS URL that may be shown. */
    record Parsed(URI endpoint, String container) {
    }

    private SasUrls() {
    }

    /** @return the endpoint without query and the container it names, or null after adding problems */
    static Parsed parse(String url, List<String> problems) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            problems.add(SETTING + " is not a valid URL");
            return null;
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            problems.add(SETTING + " must be an http(s) URL with a host");
            return null;
        }
        if (uri.getRawQuery() == null || signatures(uri.getRawQuery()).isEmpty()) {
            problems.add(SETTING + " has no SAS token (no 'sig=' in its query)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        // IP-style hosts (Azurite, 127.0.0.1:10000/account/container) put the account in the path
        boolean ipStyle = uri.getHost().matches("[0-9.]+|\\[.*]|localhost");
        int want = ipStyle ? 2 : 1;
        if (segments.length != want) {
            problems.add(SETTING + " must point to a container: " + (ipStyle ? "http://host:port/account/container?…" : "https://account.blob.core.windows.net/container?…"));
            return null;
        }
        try {
            URI endpoint = new URI(uri.getScheme(), uri.getRawAuthority() == null ? null : uri.getAuthority(),
                    uri.getPath(), null, null);
            return new Parsed(endpoint, segments[want - 1]);
        } catch (URISyntaxException e) {
            problems.add(SETTING + " is not a valid URL");
            return null;
        }
    }

    /** @return the decoded and raw values of every {@code sig=} parameter in a query or token */
    static List<String> signatures(String query) {
        List<String> out = new ArrayList<>();
        Matcher m = SIG.matcher(query);
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                out.add(m.group(1));
                out.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
