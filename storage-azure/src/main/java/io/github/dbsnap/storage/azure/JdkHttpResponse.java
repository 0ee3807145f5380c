package io.github.dbsnap.storage.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.FluxUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A response of {@link JdkHttpClient} whose body streams from the JDK's response stream. */
final class JdkHttpResponse extends HttpResponse {
    private static final int CHUNK = 64 * 1024;

    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;

    JdkHttpResponse(HttpRequest request, int status, java.net.http.HttpHeaders jdkHeaders, InputStream body) {
        super(request);
        this.status = status;
        this.headers = new HttpHeaders();
        jdkHeaders.map().forEach((name, values) -> headers.set(HttpHeaderName.fromString(name), values));
        this.body = body;
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
        return headers.getValue(name);
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return FluxUtil.toFluxByteBuffer(body, CHUNK);
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return FluxUtil.collectBytesInByteBufferStream(getBody());
    }

    @Override
    public Mono<String> getBodyAsString() {
        return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return getBodyAsByteArray().map(b -> new String(b, charset));
    }

    @Override
    public InputStream getBodyAsInputStreamSync() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
