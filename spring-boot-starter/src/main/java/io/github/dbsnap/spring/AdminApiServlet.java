package io.github.dbsnap.spring;

import io.github.dbsnap.http.AdminApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Serves the admin API (and, with a token, the Snapshots page) under {@code /v1/admin/} of the application's
 * servlet container. With a {@code role}, only users Spring Security gave that role get through (others get
 * 401 or 403); without one, the API checks its bearer token itself. At shutdown it starts no more jobs and
 * waits for running ones, so the service is not closed under a restore.
 */
final class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminApiServlet.class);
    private static final Duration JOB_WAIT = Duration.ofSeconds(30);
    private final transient AdminApi api;
    private final String role;

    AdminApiServlet(AdminApi api, String role) {
        this.api = api;
        this.role = role;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (role != null && !request.isUserInRole(role)) {
            int status = request.getUserPrincipal() == null ? 401 : 403;
            response.setStatus(status);
            response.setContentType("application/json; charset=utf-8");
            response.getOutputStream().write(("{\"error\":\"" + (status == 401 ? "not signed in" : "the admin API needs role "
                    + role.replaceAll("[^A-Za-z0-9_-]", "?")) + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        api.handle(new ServletHttpExchange(request, response));
    }

    @Override
    public void destroy() {
        api.close();
        try {
            if (!api.awaitJobs(JOB_WAIT)) {
                log.warn("dbsnap: admin API jobs still running after {}; the service closes under them", JOB_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
