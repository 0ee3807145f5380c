package io.github.dbsnap.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the {@code url} setting: {@code https://[key:secret@]host[:port]/?bucket=b&prefix=p&region=r},
 * {@code https://host/bucket/prefix} or {@code s3://bucket/prefix}. Never echoes the URL, which carries credentials.
 */
record S3Url(URI endpoint, String bucket, String prefix, String region, String accessKeyId, String secretAccessKey) {

    /** @return the parsed URL, or null after adding one line per problem to {@code problems} */
    static S3Url parse(String url, List<String> problems) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            // the reason can quote the input, which holds credentials: name only the position
            problems.add("setting 'url' is not a valid URL (syntax error at index " + e.getIndex() + ")");
            return null;
        }
        try {
            return parse(u, problems);
        } catch (IllegalArgumentException e) {
            problems.add("setting 'url' has a malformed %-escape");
            return null;
        }
    }

    private static S3Url parse(URI u, List<String> problems) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "s3").contains(scheme) || u.getRawAuthority() == null || u.getHost() == null) {
            problems.add("setting 'url' must look like https://host/?bucket=b&prefix=p&region=r or s3://bucket/prefix");
            return null;
        }
        Map<String, String> query = query(u.getRawQuery());
        String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "");
        String bucket = query.get("bucket");
        String prefix = query.get("prefix");
        URI endpoint = null;
        if (scheme.equals("s3")) {
            bucket = u.getHost();
            prefix = prefix != null ? prefix : path;
        } else {
            if (bucket == null && !path.isEmpty()) {
                int slash = path.indexOf('/');
                bucket = slash < 0 ? path : path.substring(0, slash);
                prefix = prefix != null ? prefix : slash < 0 ? "" : path.substring(slash + 1);
            }
            if (!u.getHost().toLowerCase(Locale.ROOT).endsWith(".amazonaws.com")) {
                endpoint = URI.create(scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
            }
        }
        String region = query.getOrDefault("region", awsRegion(u.getHost()));
        String user = null;
        String pass = null;
        if (u.getRawUserInfo() != null) {
            String[] kv = u.getRawUserInfo().split(":", 2);
            user = decode(kv[0]);
            pass = kv.length > 1 ? decode(kv[1]) : null;
            if (user.isEmpty() || pass == null || pass.isEmpty()) {
                problems.add("setting 'url' has credentials without both an access key id and a secret (use key:secret@host)");
            }
        }
        return new S3Url(endpoint, blankToNull(bucket), blankToNull(prefix), region, user, pass);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!v.isBlank()) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** @return the region in {@code s3.eu-west-1.amazonaws.com} or {@code s3-eu-west-1.amazonaws.com}, else null */
    private static String awsRegion(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("(?:^|\\.)s3[.-]([a-z0-9-]+)\\.amazonaws\\.com$").matcher(h);
        return m.find() && !m.group(1).equals("external-1") ? m.group(1) : null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "S3Url{endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "****") + "}";
    }
}
