package io.github.dbsnap.spring;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.http.AdminApi;
import io.github.dbsnap.status.StatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The admin API of {@code dbsnap-http} on the application's own servlet server, under {@code /v1/admin/}:
 * with {@code dbsnap.admin.token} (or {@code SNAPSHOTS_ADMIN_TOKEN}) it checks that bearer token and serves the
 * Snapshots page; else, with Spring Security, it serves users with role {@code dbsnap.admin.role} (default
 * ADMIN) and no page; else it is not mounted. {@code dbsnap.admin.enabled=false} turns it off.
 */
@AutoConfiguration(after = DbsnapAutoConfiguration.class)
@ConditionalOnClass({AdminApi.class, DispatcherServlet.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(SnapshotService.class)
@ConditionalOnBooleanProperty(name = "dbsnap.admin.enabled", matchIfMissing = true)
public class DbsnapAdminAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DbsnapAdminAutoConfiguration.class);
    private static final String SPRING_SECURITY = "org.springframework.security.web.SecurityFilterChain";

    /** @return the admin API servlet at {@code /v1/admin/*}, or a disabled registration when neither a token nor Spring Security guards it */
    @Bean
    public ServletRegistrationBean<AdminApiServlet> dbsnapAdminApi(SnapshotConfig config, SnapshotService service,
                                                                   ObjectProvider<StatusTracker> tracker, Environment environment,
                                                                   ResourceLoader resources) {
        String token = config.setting("ADMIN_TOKEN").orElse(null);
        AdminApi api;
        String role = null;
        if (token != null) {
            api = new AdminApi(service, token);
            log.info("dbsnap: admin API at /v1/admin/snapshots (bearer token), Snapshots page at {}", AdminApi.UI_PATH);
        } else if (ClassUtils.isPresent(SPRING_SECURITY, resources.getClassLoader())) {
            api = AdminApi.authenticatedByHost(service);
            role = environment.getProperty("dbsnap.admin.role", "ADMIN");
            log.info("dbsnap: admin API at /v1/admin/snapshots for Spring Security users with role {}", role);
        } else {
            log.info("dbsnap: admin API not mounted: set dbsnap.admin.token, or add Spring Security");
            ServletRegistrationBean<AdminApiServlet> off = new ServletRegistrationBean<>();
            off.setEnabled(false);
            return off;
        }
        tracker.ifUnique(api::statusTracker);
        ServletRegistrationBean<AdminApiServlet> bean = new ServletRegistrationBean<>(new AdminApiServlet(api, role), "/v1/admin/*");
        bean.setName("dbsnapAdminApi");
        return bean;
    }
}
