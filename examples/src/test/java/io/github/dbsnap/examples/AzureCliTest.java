package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.github.dbsnap.storage.azure.Azurite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against Azurite, and the blob fetched by another client (curl with a SAS) and opened with zstd and tar. */
class AzureCliTest {
    @RegisterExtension
    static final Azurite AZURITE = new Azurite();

    @TempDir
    Path dir;
    Path db;
    Map<String, String> env;
    String container;

    @BeforeEach
    void setUp() throws Exception {
        container = AZURITE.newContainer();
        db = dir.resolve("main.db");
        DemoCommand.SampleDatabase.create(db, 300);
        env = CliRun.env(db);
        env.put("SNAPSHOTS_STORAGE_PROVIDER", "azure");
        env.put("SNAPSHOTS_STORAGE_AZURE_CONTAINER", container);
        env.put("SNAPSHOTS_STORAGE_AZURE_CONNECTION_STRING", AZURITE.connectionString());
    }

    Result run(String... args) {
        Result r = CliRun.cli(env, args);
        assertThat(r.out() + r.err()).doesNotContain(Azurite.KEY);
        return r;
    }

    @Test
    @DisplayName("create, list, verify and restore work on Azurite, and curl with a SAS downloads a blob zstd and tar open")
    void cliOnAzure() throws Exception {
        Result created = run("create");
        assertThat(created.code()).as(created.err()).isZero();
        String uri = created.out().strip();
        assertThat(uri).startsWith("azure://" + container + "/altcha-sentinel-backups/db/").endsWith("/main.tar.zst");
        assertThat(run("list").out()).contains(uri);
        assertThat(run("verify", uri).out()).startsWith("ok ");

        String blob = uri.substring(("azure://" + container + "/").length());
        BlobClient client = AZURITE.container(container).getBlobClient(blob);
        String sas = client.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusMinutes(10),
                new BlobSasPermission().setReadPermission(true)));
        Path out = Files.createDirectories(dir.resolve("x"));
        CliRun.sh("curl -sf '" + client.getBlobUrl() + "?" + sas + "' | zstd -d | tar x -C '" + out + "'");
        assertThat(CliRun.sh("sqlite3 '" + out.resolve("main.db") + "' 'PRAGMA integrity_check'").strip()).isEqualTo("ok");

        CliRun.sh("sqlite3 '" + db + "' 'DELETE FROM audit'");
        Result restored = run("restore", uri);
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(CliRun.sh("sqlite3 '" + db + "' 'SELECT count(*) FROM audit'").strip()).isEqualTo("300");
    }
}
