package io.github.dbsnap.storage.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real Azurite blob service for one test class: installs it with npm into this module's
 * {@code node_modules} when missing (once, under a file lock), starts {@code azurite-blob} in memory on
 * a free port, and stops it after the class. Register with {@code @RegisterExtension static}.
 */
public final class Azurite implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public, documented by Microsoft). */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** This module's folder, also when another module's tests (the CLI's) use this class. */
    private static final Path MODULE = moduleDir();
    private static final Path BIN = MODULE.resolve("node_modules/.bin/azurite-blob");

    private Process process;
    private int port;
    private BlobServiceClient admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install();
        port = freePort();
        Path work = Files.createDirectories(MODULE.resolve("target/azurite"));
        process = new ProcessBuilder(BIN.toString(), "--inMemoryPersistence", "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--skipApiVersionCheck", "--loose", "--silent")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("azurite-" + port + ".log").toFile())
                .start();
        waitForPort(port, Duration.ofSeconds(60));
        admin = new BlobServiceClientBuilder().connectionString(connectionString())
                .httpClient(AzureStorageProviderFactory.httpClient(Duration.ofSeconds(30))).buildClient();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    int port() {
        return port;
    }

    /** @return the blob endpoint of the account, e.g. {@code http://127.0.0.1:PORT/devstoreaccount1} */
    String endpoint(int port) {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return connectionString(port, KEY);
    }

    /** @return a connection string for another port (a proxy) or another key */
    String connectionString(int port, String key) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + key
                + ";BlobEndpoint=" + endpoint(port) + ";";
    }

    public BlobServiceClient admin() {
        return admin;
    }

    /** @return the name of a new, empty container */
    public String newContainer() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        admin.createBlobContainer(name);
        return name;
    }

    public BlobContainerClient container(String name) {
        return admin.getBlobContainerClient(name);
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BIN)) {
            return;
        }
        Path lockFile = Files.createDirectories(MODULE.resolve("target")).resolve("azurite-npm.lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.lock(); // released when the channel closes; keeps parallel test JVMs from installing twice
            if (Files.isExecutable(BIN)) {
                return;
            }
            List<String> command = Files.exists(MODULE.resolve("package-lock.json"))
                    ? List.of("npm", "ci", "--no-audit", "--no-fund") : List.of("npm", "install", "--no-audit", "--no-fund");
            ProcessBuilder pb = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true)
                    .redirectOutput(MODULE.resolve("target/npm-install.log").toFile());
            pb.environment().putAll(Map.of("npm_config_update_notifier", "false"));
            Process npm = pb.start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' in " + MODULE
                        + " failed; see target/npm-install.log");
            }
        }
    }

    private static Path moduleDir() {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        return Files.exists(base.resolve("src/test/java/io/github/dbsnap/storage/azure"))
                ? base : base.resolveSibling("storage-azure");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void waitForPort(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("azurite-blob exited with " + process.exitValue()
                        + "; see target/azurite/azurite-" + port + ".log");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("azurite-blob did not listen on port " + port + " within " + limit);
    }
}
