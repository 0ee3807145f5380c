package io.github.dbsnap.storage.s3;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** One in-process S3Proxy (in-memory jclouds blob store, AWS v2/v4 signatures) shared by the tests of this JVM. */
public final class S3ProxyServer {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "Test/Secret+Key=9f8e7d6c";
    private static S3ProxyServer instance;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3ProxyServer() throws Exception {
        var blobStore = ContextBuilder.newBuilder("transient").credentials("x", "y")
                .build(BlobStoreContext.class).getBlobStore();
        proxy = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        admin = client(endpoint);
    }

    public static synchronized S3ProxyServer get() {
        if (instance == null) {
            try {
                instance = new S3ProxyServer();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start S3Proxy", e);
            }
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    int port() {
        return proxy.getPort();
    }

    /** A raw SDK client for checks behind the provider's back. */
    public S3Client admin() {
        return admin;
    }

    /** @return the name of a new, empty bucket */
    public String newBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 18);
        admin.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** @return provider settings for a bucket on this server, with 5 MiB parts */
    public Map<String, String> settings(String bucket) {
        Map<String, String> m = new HashMap<>();
        m.put("bucket", bucket);
        m.put("endpoint", endpoint.toString());
        m.put("access-key-id", ACCESS_KEY);
        m.put("secret-access-key", SECRET_KEY);
        m.put("part-size", "5MiB");
        return m;
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
