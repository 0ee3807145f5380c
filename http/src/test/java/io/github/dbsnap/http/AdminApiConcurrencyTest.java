package io.github.dbsnap.http;

import io.github.dbsnap.testing.ForwardingStorage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One restore per database at a time: a second one while the first runs is refused with 409, not queued. */
class AdminApiConcurrencyTest {
    @TempDir
    Path dir;

    /** Storage whose reads wait for {@code release} once {@code blocking} is set, telling {@code reading} they started. */
    static final class GatedStorage extends ForwardingStorage {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blocking;

        GatedStorage(io.github.dbsnap.spi.StorageProvider delegate) {
            super(delegate);
        }

        @Override
        public InputStream read(String key) {
            InputStream in = super.read(key);
            if (!blocking) {
                return in;
            }
            reading.countDown();
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    await();
                    return super.read(b, off, len);
                }

                @Override
                public int read() throws IOException {
                    await();
                    return super.read();
                }
            };
        }

        private void await() throws IOException {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test never released the read");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }

    @Test
    @DisplayName("a second restore of the same database while one runs answers 409; the first completes")
    void concurrentRestoreIsRefused() throws Exception {
        GatedStorage[] gate = new GatedStorage[1];
        try (AdminServer server = new AdminServer(dir, s -> gate[0] = new GatedStorage(s))) {
            String uri = AdminServer.json(server.post("/v1/admin/snapshots/create", "{\"database\":\"main\"}"))
                    .get("uri").asText();
            String body = "{\"uri\":\"" + uri + "\",\"database\":\"main\"}";
            gate[0].blocking = true;

            CompletableFuture<HttpResponse<String>> first = server.client().sendAsync(
                    server.authorized("/v1/admin/snapshots/restore")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gate[0].reading.await(30, TimeUnit.SECONDS)).as("first restore started reading").isTrue();

            HttpResponse<String> second = server.post("/v1/admin/snapshots/restore", body);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(AdminServer.json(second).get("error").asText())
                    .isEqualTo("a restore of database 'main' is already running");
            // listing and creating are not blocked by a running restore
            assertThat(server.get("/v1/admin/snapshots").statusCode()).isEqualTo(200);

            gate[0].release.countDown();
            HttpResponse<String> done = first.get(30, TimeUnit.SECONDS);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

            gate[0].blocking = false;
            HttpResponse<String> again = server.post("/v1/admin/snapshots/restore", body);
            assertThat(again.statusCode()).as("the database is free again: " + again.body()).isEqualTo(200);
        }
    }
}
