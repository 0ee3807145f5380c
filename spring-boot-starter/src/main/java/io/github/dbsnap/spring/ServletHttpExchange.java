package io.github.dbsnap.spring;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One servlet request and response seen as the JDK server's {@link HttpExchange}, so that the admin API
 * ({@code dbsnap-http}) answers on the application's own server. The URI is the path within the application
 * (without the context path); response headers are copied to the servlet response when they are sent.
 */
final class ServletHttpExchange extends HttpExchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private InputStream in;
    private OutputStream out;
    private int status = -1;

    ServletHttpExchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
        this.request = request;
        this.response = response;
        for (String name : Collections.list(request.getHeaderNames())) {
            requestHeaders.put(name, Collections.list(request.getHeaders(name)));
        }
        this.in = request.getInputStream();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        return URI.create(query == null ? raw : raw + "?" + query);
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return null; // the admin API never asks; there is no JDK server here
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            } else if (status < 0) {
                response.flushBuffer();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            try {
                out = response.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** As the JDK server: a length of -1 means no body, 0 a body of unknown length. */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        if (status >= 0) {
            throw new IllegalStateException("headers already sent");
        }
        status = rCode;
        response.setStatus(rCode);
        for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
            for (String v : h.getValue()) {
                response.addHeader(h.getKey(), v);
            }
        }
        if (responseLength > 0) {
            response.setContentLengthLong(responseLength);
        } else if (responseLength < 0) {
            response.setContentLength(0);
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return InetSocketAddress.createUnresolved(request.getRemoteAddr(), request.getRemotePort());
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return InetSocketAddress.createUnresolved(request.getLocalAddr(), request.getLocalPort());
    }

    @Override
    public String getProtocol() {
        return request.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return request.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        request.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            getResponseBody();
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
