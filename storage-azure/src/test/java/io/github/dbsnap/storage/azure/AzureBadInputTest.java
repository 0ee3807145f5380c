package io.github.dbsnap.storage.azure;

import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class AzureBadInputTest {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();
    private static final String WRONG_KEY = Base64.getEncoder().encodeToString("not the azurite key, 64 bytes long, for a realistic shape.......".getBytes());

    private static StorageProvider open(Map<String, String> settings) {
        return new AzureStorageProviderFactory().create(ProviderConfig.of(settings));
    }

    /** Asserts that no message in the exception's cause chain, nor its stack-trace text, shows a secret. */
    private static void assertNoSecret(Throwable t, String... secrets) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (String s : secrets) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(s);
                assertThat(c.toString()).doesNotContain(s);
            }
        }
    }

    private String sasUrl(String container, OffsetDateTime expiry) {
        String token = AZURITE.container(container).generateSas(new BlobServiceSasSignatureValues(expiry,
                BlobContainerSasPermission.parse("racwdl")));
        return AZURITE.endpoint(AZURITE.port()) + "/" + container + "?" + token;
    }

    private static String sig(String sasUrl) {
        return SasUrls.signatures(sasUrl.substring(sasUrl.indexOf('?') + 1)).get(0);
    }

    @Test
    @DisplayName("a garbage connection string is a configuration error that does not echo it")
    void garbageConnectionString() {
        String garbage = "this is not a connection string " + Azurite.KEY;
        Throwable t = catchThrowable(() -> open(Map.of("container", "cone", "connection-string", garbage)));
        assertThat(t).isInstanceOf(ConfigurationException.class).hasMessageContaining("connection-string")
                .hasMessageContaining("malformed");
        assertNoSecret(t, Azurite.KEY, "this is not");
    }

    @Test
    @DisplayName("every bad setting is reported at once")
    void everyProblemAtOnce() {
        Throwable t = catchThrowable(() -> open(Map.of("connection-string", "AccountName=a;AccountKey=%%%;",
                "block-size", "huge", "parallel-blocks", "0", "max-retries", "x", "create-container", "maybe")));
        assertThat(t).isInstanceOf(ConfigurationException.class);
        assertThat(((ConfigurationException) t).problems()).hasSize(6).anySatisfy(p -> assertThat(p).contains("'container'"))
                .anySatisfy(p -> assertThat(p).contains("block-size")).anySatisfy(p -> assertThat(p).contains("parallel-blocks"))
                .anySatisfy(p -> assertThat(p).contains("max-retries")).anySatisfy(p -> assertThat(p).contains("create-container"))
                .anySatisfy(p -> assertThat(p).contains("AccountKey that is not valid base64"));
        assertNoSecret(t, "%%%");
    }

    @Test
    @DisplayName("the configuration's toString shows neither the key nor the SAS signature")
    void configHidesSecrets() {
        String cs = AZURITE.connectionString();
        AzureStorageConfig c = AzureStorageConfig.from(ProviderConfig.of(Map.of("container", "cone", "connection-string", cs)));
        assertThat(c.toString()).doesNotContain(Azurite.KEY).contains("cone");
        String sas = "https://acct.blob.core.windows.net/ctwo?sv=2024-01-01&sp=r&sig=SECRETSIG%3D";
        AzureStorageConfig s = AzureStorageConfig.from(ProviderConfig.of(Map.of("sas-url", sas)));
        assertThat(s.container()).isEqualTo("ctwo");
        assertThat(s.toString()).doesNotContain("SECRETSIG");
    }

    @Test
    @DisplayName("a wrong account key fails with 'authentication failed' and never shows the key")
    void wrongAccountKey() {
        String container = AZURITE.newContainer();
        try (StorageProvider p = open(Map.of("container", container, "connection-string",
                AZURITE.connectionString(AZURITE.port(), WRONG_KEY), "max-retries", "0"))) {
            Throwable t = catchThrowable(() -> p.write("k/main.tar.zst", new ByteArrayInputStream(new byte[10])));
            assertThat(t).isInstanceOf(StorageException.class)
                    .hasMessage("authentication failed for account 'devstoreaccount1' (check SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING)")
                    .hasCauseInstanceOf(RuntimeException.class);
            assertNoSecret(t, WRONG_KEY, Azurite.KEY);
            assertThatThrownBy(() -> p.list("")).hasMessageStartingWith("authentication failed");
        }
    }

    @Test
    @DisplayName("a missing container is named, with the way to create it, when create-container is off")
    void missingContainer() {
        try (StorageProvider p = open(Map.of("container", "no-such-container", "connection-string", AZURITE.connectionString()))) {
            Throwable t = catchThrowable(() -> p.write("k/main.tar.zst", new ByteArrayInputStream(new byte[10])));
            assertThat(t).isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("container 'no-such-container' does not exist in account 'devstoreaccount1'");
            assertNoSecret(t, Azurite.KEY);
            assertThatThrownBy(() -> p.list("")).hasMessageStartingWith("container 'no-such-container' does not exist");
        }
        assertThat(AZURITE.container("no-such-container").exists()).isFalse();
    }

    @Test
    @DisplayName("an expired SAS URL fails with 'SAS token expired or lacks permission' and never shows the signature")
    void expiredSas() {
        String container = AZURITE.newContainer();
        String url = sasUrl(container, OffsetDateTime.now().minusHours(1));
        String sig = sig(url);
        try (StorageProvider p = open(Map.of("sas-url", url, "max-retries", "0"))) {
            Throwable t = catchThrowable(() -> p.write("k/main.tar.zst", new ByteArrayInputStream(new byte[10])));
            assertThat(t).isInstanceOf(StorageException.class).hasMessageStartingWith("SAS token expired or lacks permission")
                    .hasMessageContaining("(check SNAPSHOTS_STORAGE_AZURE_SAS_URL)");
            assertNoSecret(t, sig, Azurite.KEY);
            Throwable read = catchThrowable(() -> p.read("k/main.tar.zst"));
            assertThat(read).hasMessageStartingWith("SAS token expired or lacks permission");
            assertNoSecret(read, sig);
        }
    }

    @Test
    @DisplayName("a valid container SAS URL works without container or connection string")
    void validSas() throws Exception {
        String container = AZURITE.newContainer();
        try (StorageProvider p = open(Map.of("sas-url", sasUrl(container, OffsetDateTime.now().plusHours(1))))) {
            p.write("s/main.tar.zst", new ByteArrayInputStream(new byte[] {1, 2, 3}));
            try (var in = p.read("s/main.tar.zst")) {
                assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
            }
            assertThat(p.location()).hasToString("azure://" + container + "/");
        }
    }
}
