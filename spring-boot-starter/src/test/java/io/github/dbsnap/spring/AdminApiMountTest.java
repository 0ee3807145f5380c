package io.github.dbsnap.spring;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the admin API is mounted: behind its token, behind Spring Security with a role, or not at all. */
class AdminApiMountTest {
    @TempDir
    Path dir;

    private WebApplicationContextRunner web() {
        return new WebApplicationContextRunner().withConfiguration(Runners.DBSNAP);
    }

    @Test
    @DisplayName("without a token and without Spring Security the admin API is not mounted; with a token it is")
    void tokenOrNothing() throws Exception {
        String[] props = Runners.sqliteAndLocal(dir);
        web().withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).withPropertyValues(props)
                .run(context -> assertThat(context.getBean("dbsnapAdminApi", ServletRegistrationBean.class).isEnabled()).isFalse());
        web().withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).withPropertyValues(props)
                .withPropertyValues("dbsnap.admin.token=t0ken")
                .run(context -> {
                    ServletRegistrationBean<?> registration = context.getBean("dbsnapAdminApi", ServletRegistrationBean.class);
                    assertThat(registration.isEnabled()).isTrue();
                    assertThat(registration.getUrlMappings()).containsExactly("/v1/admin/*");
                });
        web().withPropertyValues(props).withPropertyValues("dbsnap.admin.token=t0ken", "dbsnap.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("dbsnapAdminApi"));
        new org.springframework.boot.test.context.runner.ApplicationContextRunner().withConfiguration(Runners.DBSNAP)
                .withPropertyValues(props).withPropertyValues("dbsnap.admin.token=t0ken")
                .run(context -> assertThat(context).doesNotHaveBean("dbsnapAdminApi"));
    }

    @Test
    @DisplayName("with Spring Security and no token, only signed-in users with the admin role reach the admin API")
    void springSecurity() throws Exception {
        String[] props = Runners.sqliteAndLocal(dir);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecuredApp.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "spring.datasource.url=" + props[0].substring(props[0].indexOf('=') + 1), props[1]).run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(get(port, null).statusCode()).isEqualTo(401);
            assertThat(get(port, "reader:reader-pw").statusCode()).isEqualTo(403);
            HttpResponse<String> admin = get(port, "admin:admin-pw");
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("\"snapshots\"");
        }
    }

    private static HttpResponse<String> get(int port, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/snapshots")).GET();
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SecuredApp {
        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("admin").password("{noop}admin-pw").roles("ADMIN").build(),
                    User.withUsername("reader").password("{noop}reader-pw").roles("READER").build());
        }
    }
}
