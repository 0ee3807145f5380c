package io.github.dbsnap.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URISyntaxException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * An Azure SDK {@link HttpClient} on the JDK's {@code java.net.http.HttpClient}, so that the module
 * needs no Netty. Bodies stream in both directions; nothing is buffered whole. The JDK client has
 * no {@code close()} before Java 21; its threads are daemons and end with it.
 */
final class JdkHttpClient implements HttpClient {
    /** Headers the JDK client sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final java.net.http.HttpClient client;
    private final Duration responseTimeout;

    JdkHttpClient(Duration connectTimeout, Duration responseTimeout) {
        this.client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.responseTimeout = responseTimeout;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.defer(() -> {
            java.net.http.HttpRequest jdkRequest;
            try {
                jdkRequest = toJdk(request);
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Mono.error(e);
            }
            return Mono.fromFuture(() -> client.sendAsync(jdkRequest, BodyHandlers.ofInputStream()))
                    .map(r -> (HttpResponse) new JdkHttpResponse(request, r.statusCode(), r.headers(), r.body()));
        });
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) throws URISyntaxException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(request.getUrl().toURI())
                .timeout(responseTimeout);
        for (HttpHeader h : request.getHeaders()) {
            if (!RESTRICTED.contains(h.getName().toLowerCase(Locale.ROOT))) {
                for (String v : h.getValuesList()) {
                    b.header(h.getName(), v);
                }
            }
        }
        return b.method(request.getHttpMethod().name(), body(request)).build();
    }

    private static BodyPublisher body(HttpRequest request) {
        Flux<ByteBuffer> body = request.getBody();
        if (body == null || request.getHttpMethod() == HttpMethod.GET || request.getHttpMethod() == HttpMethod.HEAD) {
            return BodyPublishers.noBody();
        }
        String length = request.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH);
        // duplicate(): a retried request re-reads the same buffers from their start
        var publisher = JdkFlowAdapter.publisherToFlowPublisher(body.map(ByteBuffer::duplicate));
        if (length == null) {
            return BodyPublishers.fromPublisher(publisher);
        }
        long n = Long.parseLong(length);
        return n == 0 ? BodyPublishers.noBody() : BodyPublishers.fromPublisher(publisher, n);
    }
}
