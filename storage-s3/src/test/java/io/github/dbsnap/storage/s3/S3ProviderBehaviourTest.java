package io.github.dbsnap.storage.s3;

import io.github.dbsnap.SnapshotExistsException;
import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.StorageProvider;
import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3-specific behaviour beyond the contract: part boundaries, conditional writes, races with other writers, interrupts. */
class S3ProviderBehaviourTest {
    private static final int MIB = 1 << 20;
    private final S3ProxyServer server = S3ProxyServer.get();
    private final String bucket = server.newBucket();
    private StorageProvider provider;

    private StorageProvider open(Map<String, String> extra) {
        Map<String, String> settings = server.settings(bucket);
        settings.putAll(extra);
        provider = new S3StorageProviderFactory().create(ProviderConfig.of(settings));
        return provider;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private int openUploads() {
        return server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }

    @Test
    @DisplayName("URIs are s3://bucket/prefix/key; other buckets and schemes map to no key")
    void uriShape() {
        StorageProvider p = open(Map.of("prefix", "team/backups"));
        assertThat(p.uri("db/main.tar.zst")).hasToString("s3://" + bucket + "/team/backups/db/main.tar.zst");
        assertThat(p.location()).hasToString("s3://" + bucket + "/team/backups/");
        assertThat(p.keyOf(URI.create("s3://another-bucket/team/backups/db/main.tar.zst"))).isEmpty();
        assertThat(p.keyOf(URI.create("azure://" + bucket + "/team/backups/db/main.tar.zst"))).isEmpty();
    }

    @Test
    @DisplayName("objects of exactly one and two parts are stored whole, without an empty part")
    void partBoundaries() throws Exception {
        StorageProvider p = open(Map.of());
        for (long size : new long[] {5L * MIB - 1, 5L * MIB, 10L * MIB, 10L * MIB + 1}) {
            String key = "edge/" + size;
            assertThat(p.write(key, Streams.pseudoRandom(size, size)).size()).isEqualTo(size);
            try (InputStream in = p.read(key)) {
                assertThat(Streams.sha256(in)).isEqualTo(Streams.sha256(Streams.pseudoRandom(size, size)));
            }
        }
        assertThat(openUploads()).isZero();
    }

    @Test
    @DisplayName("with conditional writes on, PutObject and CompleteMultipartUpload carrying If-None-Match are accepted")
    void conditionalWritesAccepted() {
        StorageProvider p = open(Map.of("conditional-writes", "true"));
        assertThat(p.write("cw/small", new ByteArrayInputStream(new byte[] {1})).size()).isEqualTo(1);
        assertThat(p.write("cw/large", Streams.pseudoRandom(6L * MIB, 9)).size()).isEqualTo(6L * MIB);
        assertThatThrownBy(() -> p.write("cw/large", new ByteArrayInputStream(new byte[] {2})))
                .isInstanceOf(SnapshotExistsException.class);
        assertThat(openUploads()).isZero();
    }

    @Test
    @DisplayName("a key created by someone else during the upload is not overwritten and the upload is aborted")
    void keyCreatedDuringUploadIsNotOverwritten() {
        StorageProvider p = open(Map.of());
        InputStream racing = new java.io.FilterInputStream(Streams.pseudoRandom(12L * MIB, 1)) {
            private boolean done;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                if (n < 0 && !done) {
                    done = true;
                    server.admin().putObject(r -> r.bucket(bucket).key("race/main.tar.zst"), RequestBody.fromString("other"));
                }
                return n;
            }
        };
        assertThatThrownBy(() -> p.write("race/main.tar.zst", racing)).isInstanceOf(SnapshotExistsException.class);
        assertThat(server.admin().headObject(b -> b.bucket(bucket).key("race/main.tar.zst")).contentLength()).isEqualTo(5);
        assertThat(openUploads()).isZero();
    }

    @Test
    @DisplayName("interrupting the writing thread aborts the upload and keeps the interrupt flag")
    void interruptAborts() throws Exception {
        StorageProvider p = open(Map.of());
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        InputStream slow = new InputStream() {
            private final InputStream data = Streams.pseudoRandom(100L * MIB, 3);
            private long read;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (read > 6L * MIB) {
                    reading.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                }
                int n = data.read(b, off, Math.min(len, 64 * 1024));
                read += n;
                return n;
            }
        };
        Thread writer = new Thread(() -> {
            try {
                p.write("int/main.tar.zst", slow);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        reading.await();
        writer.interrupt();
        writer.join(30_000);
        assertThat(thrown.get()).isInstanceOf(StorageException.class);
        assertThat(p.stat("int/main.tar.zst")).isEmpty();
        assertThat(openUploads()).isZero();
    }
}
