package io.github.dbsnap.storage.azure;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.spi.ProviderConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Settings of the {@code azure} provider. Each setting {@code name} is read from the environment as
 * {@code SNAPSHOTS_STORAGE_AZURE_<NAME>} (upper case, {@code -} as {@code _}). Exactly one of
 * {@code connectionString} and {@code sasUrl} is set. {@link #toString()} never shows either.
 *
 * @param container        the blob container (setting {@code container}); may be omitted when
 *                         {@code sasUrl} names it
 * @param connectionString an account connection string with {@code AccountKey} or
 *                         {@code SharedAccessSignature} (setting {@code connection-string}), or null
 * @param sasUrl           a container SAS URL {@code https://account.blob.core.windows.net/container?sv=…&sig=…}
 *                         (setting {@code sas-url}), or null
 * @param prefix           prepended to every blob name, e.g. {@code prod/} (setting {@code prefix}; default none)
 * @param blockSize        size of the first staged blocks (setting {@code block-size}; default 8 MiB;
 *                         64 KiB to 4000 MiB); grows on very large uploads, see {@link BlockSizes}
 * @param parallelBlocks   blocks uploaded at once per write (setting {@code parallel-blocks}; default 4; 1 to 16);
 *                         a write holds at most {@code parallelBlocks + 1} blocks in memory
 * @param maxRetries       retries of a failed request, with exponential back-off (setting {@code max-retries};
 *                         default 4; 0 to 20)
 * @param timeout          limit of one try of one request (setting {@code timeout}; default 5 minutes)
 * @param createContainer  create the container when missing (setting {@code create-container}; default false)
 * @param listPageSize     blobs per listing page (setting {@code list-page-size}; default 5000; 1 to 5000)
 */
public record AzureStorageConfig(String container, String connectionString, String sasUrl, String prefix,
                                 long blockSize, int parallelBlocks, int maxRetries, Duration timeout,
                                 boolean createContainer, int listPageSize) {
    /** Default {@code block-size}: 8 MiB. */
    public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;
    /** Default {@code parallel-blocks}. */
    public static final int DEFAULT_PARALLEL_BLOCKS = 4;
    /** Default {@code max-retries}. */
    public static final int DEFAULT_MAX_RETRIES = 4;
    /** Default {@code timeout} of one try. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** Default and maximum {@code list-page-size}: Azure's own maximum. */
    public static final int DEFAULT_LIST_PAGE_SIZE = 5000;

    static final long MIN_BLOCK_SIZE = 64L * 1024;
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    /** Validates every component and throws one {@link ConfigurationException} listing each problem. */
    public AzureStorageConfig {
        prefix = prefix == null ? "" : prefix;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        List<String> problems = new ArrayList<>();
        if (connectionString != null && sasUrl != null) {
            problems.add("set either 'connection-string' or 'sas-url' for Azure, not both");
        } else if (connectionString == null && sasUrl == null) {
            problems.add("missing setting 'connection-string' (SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING) or 'sas-url'");
        }
        String sasContainer = null;
        if (connectionString != null) {
            problems.addAll(ConnectionStrings.problems(connectionString));
        }
        if (sasUrl != null) {
            SasUrls.Parsed p = SasUrls.parse(sasUrl, problems);
            sasContainer = p == null ? null : p.container();
        }
        if (container == null && sasContainer == null) {
            problems.add("missing setting 'container' (SNAPSHOTS_STORAGE_AZURE_CONTAINER)");
        } else if (container != null && sasContainer != null && !container.equals(sasContainer)) {
            problems.add("setting 'container' is '" + container + "' but 'sas-url' points to container '" + sasContainer + "'");
        }
        String effective = container != null ? container : sasContainer;
        if (effective != null && !CONTAINER.matcher(effective).matches()) {
            problems.add("container name '" + effective + "' is invalid: 3 to 63 lower-case letters, digits and single hyphens");
        }
        if (!prefix.isEmpty()) {
            try {
                io.github.dbsnap.spi.StorageKeys.validatePrefix(prefix);
            } catch (ConfigurationException e) {
                problems.add("setting 'prefix': " + e.getMessage());
            }
        }
        range(problems, "block-size", blockSize, MIN_BLOCK_SIZE, BlockSizes.MAX_BLOCK_SIZE);
        range(problems, "parallel-blocks", parallelBlocks, 1, 16);
        range(problems, "max-retries", maxRetries, 0, 20);
        range(problems, "list-page-size", listPageSize, 1, DEFAULT_LIST_PAGE_SIZE);
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("setting 'timeout' must be positive");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        container = effective;
    }

    private static void range(List<String> problems, String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add("setting '" + key + "' is " + value + "; it must be between " + min + " and " + max);
        }
    }

    /** @return whether requests are authorized by a SAS rather than an account key */
    boolean usesSas() {
        return sasUrl != null || ConnectionStrings.hasSas(connectionString);
    }

    /** @return the environment variable that holds the credential, for error messages */
    String credentialVariable() {
        return sasUrl != null ? "SNAPSHOTS_STORAGE_AZURE_SAS_URL" : "SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING";
    }

    static AzureStorageConfig from(ProviderConfig c) {
        List<String> problems = new ArrayList<>();
        long blockSize = get(problems, () -> c.bytes("block-size")).orElse(DEFAULT_BLOCK_SIZE);
        int parallel = get(problems, () -> c.integer("parallel-blocks")).orElse(DEFAULT_PARALLEL_BLOCKS);
        int retries = get(problems, () -> c.integer("max-retries")).orElse(DEFAULT_MAX_RETRIES);
        Duration timeout = get(problems, () -> c.duration("timeout")).orElse(DEFAULT_TIMEOUT);
        boolean create = get(problems, () -> c.bool("create-container")).orElse(false);
        int pageSize = get(problems, () -> c.integer("list-page-size")).orElse(DEFAULT_LIST_PAGE_SIZE);
        try {
            AzureStorageConfig config = new AzureStorageConfig(c.optional("container").orElse(null),
                    c.secret("connection-string").orElse(null), c.secret("sas-url").orElse(null),
                    c.optional("prefix").orElse(null), blockSize, parallel, retries, timeout, create, pageSize);
            if (problems.isEmpty()) {
                return config;
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        throw new ConfigurationException(problems);
    }

    private static <T> Optional<T> get(List<String> problems, Supplier<Optional<T>> parse) {
        try {
            return parse.get();
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "AzureStorageConfig[container=" + container + ", credential=" + (sasUrl != null ? "sas-url" : "connection-string")
                + " ****, prefix=" + prefix + ", blockSize=" + blockSize + ", parallelBlocks=" + parallelBlocks
                + ", maxRetries=" + maxRetries + ", timeout=" + timeout + ", createContainer=" + createContainer
                + ", listPageSize=" + listPageSize + "]";
    }
}
