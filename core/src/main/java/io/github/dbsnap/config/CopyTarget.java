package io.github.dbsnap.config;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.StorageProviders;
import io.github.dbsnap.internal.EnvReader;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The storage that {@code copy} writes to, from a URI ({@code s3://bucket/prefix}, {@code azure://container/prefix},
 * {@code file:///abs/dir}) or from {@code SNAPSHOTS_COPY_TO_PROVIDER}. Its settings are those of the same provider
 * kind for the main storage ({@code SNAPSHOTS_STORAGE_<P>_*}), overridden by {@code SNAPSHOTS_COPY_TO_<P>_*}, then by
 * what the URI names (bucket or container and prefix, or directory). See docs/copy.md.
 */
public final class CopyTarget {
    private static final Map<String, String> PROVIDER_OF_SCHEME = Map.of("s3", "s3", "azure", "azure", "file", "local");

    private CopyTarget() {
    }

    /**
     * Opens the target storage.
     *
     * @param uri the target as a URI, or null to take it from {@code SNAPSHOTS_COPY_TO_PROVIDER} and its settings
     * @param env the environment, e.g. {@code System.getenv()}
     * @return a new provider, which the caller closes
     * @throws ConfigurationException when the URI or a setting is invalid, or neither a URI nor a provider is given
     */
    public static StorageProvider open(String uri, Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String provider;
        Map<String, String> fromUri = new LinkedHashMap<>();
        if (uri != null) {
            URI u = parse(uri);
            provider = PROVIDER_OF_SCHEME.get(u.getScheme().toLowerCase(Locale.ROOT));
            String path = Optional.ofNullable(u.getPath()).orElse("");
            if (provider.equals("local")) {
                if (u.getAuthority() != null || path.isEmpty()) {
                    throw new ConfigurationException("copy target '" + shown(uri) + "' must be file:///absolute/dir");
                }
                fromUri.put("dir", path);
            } else {
                if (u.getHost() == null || u.getUserInfo() != null) {
                    throw new ConfigurationException("copy target '" + shown(uri) + "' must be " + u.getScheme()
                            + "://" + (provider.equals("s3") ? "bucket" : "container") + "/prefix, without credentials");
                }
                fromUri.put(provider.equals("s3") ? "bucket" : "container", u.getHost());
                fromUri.put("prefix", path.replaceAll("^/+|/+$", ""));
            }
        } else {
            provider = r.get("COPY_TO_PROVIDER").map(p -> p.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new ConfigurationException("copy needs a target: --to <uri> (s3://bucket/prefix, "
                            + "azure://container/prefix, file:///dir) or SNAPSHOTS_COPY_TO_PROVIDER with its settings"));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String scope : new String[] {"STORAGE_", "COPY_TO_"}) {
            String prefix = scope + provider.toUpperCase(Locale.ROOT) + "_";
            for (String name : r.namesStartingWith(prefix)) {
                r.get(name).ifPresent(v -> settings.put(SnapshotConfig.settingKey(name.substring(prefix.length())), v));
            }
        }
        settings.putAll(fromUri);
        if (!r.problems().isEmpty()) {
            throw new ConfigurationException(r.problems());
        }
        return StorageProviders.create(provider, ProviderConfig.of(settings));
    }

    /** The URI for messages, without anything that looks like credentials. */
    private static String shown(String uri) {
        return uri.replaceAll("//[^/@]*@", "//…@");
    }

    private static URI parse(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() == null || !PROVIDER_OF_SCHEME.containsKey(u.getScheme().toLowerCase(Locale.ROOT))) {
                throw new ConfigurationException("copy target '" + shown(uri) + "' must start with s3://, azure:// or file://");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("copy target '" + shown(uri) + "' is not a valid URI: " + e.getReason());
        }
    }
}
