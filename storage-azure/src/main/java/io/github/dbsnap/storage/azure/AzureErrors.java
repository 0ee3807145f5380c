package io.github.dbsnap.storage.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.dbsnap.StorageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns SDK failures into {@link StorageException}s whose messages say what went wrong in words an
 * operator can act on, and which never carry the account key or a SAS signature: neither in the
 * message nor anywhere in the cause chain (a cause that mentions one is replaced by a redacted copy).
 */
final class AzureErrors {
    private static final Pattern SIG = Pattern.compile("(?i)(sig=)[^&;\\s\"'<]+");
    private static final Pattern ACCOUNT_KEY = Pattern.compile("(?i)(AccountKey=)[^;\\s\"'<]+");

    private final AzureStorageConfig config;
    private final String account;
    private final String location;
    private final List<String> secrets;

    AzureErrors(AzureStorageConfig config, String account, String location) {
        this.config = config;
        this.account = account;
        this.location = location;
        List<String> s = new ArrayList<>(ConnectionStrings.secrets(config.connectionString()));
        if (config.sasUrl() != null) {
            s.addAll(SasUrls.signatures(config.sasUrl()));
        }
        s.removeIf(v -> v.length() < 4);
        this.secrets = List.copyOf(s);
    }

    /** @return whether {@code e} says the blob exists already (a refused conditional commit) */
    static boolean alreadyExists(RuntimeException e) {
        return e instanceof BlobStorageException b
                && (b.getStatusCode() == 412 || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(b.getErrorCode()));
    }

    /**
     * @param what what was being done, e.g. {@code writing 'a/main.tar.zst'}
     * @param e    the SDK failure
     * @return a translated exception with a safe cause
     */
    StorageException translate(String what, Throwable e) {
        return new StorageException(message(what, e), safe(e));
    }

    private String message(String what, Throwable e) {
        if (e instanceof BlobStorageException b) {
            BlobErrorCode code = b.getErrorCode();
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
                return "container '" + config.container() + "' does not exist in account '" + account + "'"
                        + (config.createContainer() ? "" : " (create it, or set SNAPSHOTS_STORAGE_AZURE_CREATE_CONTAINER=true)");
            }
            if (b.getStatusCode() == 403 || b.getStatusCode() == 401) {
                return config.usesSas()
                        ? "SAS token expired or lacks permission for " + what + " in container '" + config.container()
                        + "' of account '" + account + "' (check " + config.credentialVariable() + ")"
                        : "authentication failed for account '" + account + "' (check " + config.credentialVariable() + ")";
            }
            return what + " in " + location + " failed: HTTP " + b.getStatusCode() + (code == null ? "" : " " + code);
        }
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            return what + " in " + location + " failed: HTTP " + h.getResponse().getStatusCode();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return redact(what + " in " + location + " failed: " + detail);
    }

    /** @return the text with the account key and SAS signatures replaced */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = SIG.matcher(text).replaceAll("$1REDACTED");
        out = ACCOUNT_KEY.matcher(out).replaceAll("$1REDACTED");
        for (String s : secrets) {
            out = out.replace(s, "REDACTED");
        }
        return out;
    }

    /** @return {@code e} itself when no message in its chain shows a secret, else a redacted copy of the chain */
    Throwable safe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!Objects.equals(redact(t.getMessage()), t.getMessage())
                    || !Objects.equals(redact(t.toString()), t.toString())) {
                return copy(e, 0);
            }
        }
        return e;
    }

    private Throwable copy(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        Redacted r = new Redacted(t.getClass().getName() + ": " + redact(t.getMessage()),
                t.getCause() == t ? null : copy(t.getCause(), depth + 1));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    /** Stands in for an SDK exception whose message mentioned a secret. */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redacted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
