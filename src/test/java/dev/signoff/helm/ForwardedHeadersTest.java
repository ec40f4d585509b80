package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Why the chart sets SERVER_FORWARD_HEADERS_STRATEGY=none. On Kubernetes Spring Boot trusts
 * X-Forwarded-For from private and loopback addresses (Tomcat's RemoteIpValve), so any pod in the
 * cluster could claim to be 127.0.0.1 and pass the console's loopback guard. Here the real guard
 * (dev.signoff.web) runs in Tomcat as it would in a pod (cloud platform Kubernetes), in front of
 * a servlet standing in for the API; the request comes from loopback and names another client.
 */
@DisplayName("Forwarded headers on Kubernetes")
class ForwardedHeadersTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("left to Spring Boot's Kubernetes default, a forwarded address replaces the real peer the loopback guard checks")
    void springBootDefault() throws Exception {
        try (ConfigurableApplicationContext app = start("--server.forward-headers-strategy=native")) {
            assertThat(get(app, "203.0.113.9").statusCode()).isEqualTo(403);
            assertThat(get(app, null).body()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    @DisplayName("Signoff's own config/application.yaml ignores the header, on Kubernetes too")
    void signoffDefault() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            HttpResponse<String> response = get(app, "203.0.113.9");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    @DisplayName("with the chart's setting, the guard sees the real peer whatever the header says")
    void chartSetting() throws Exception {
        try (ConfigurableApplicationContext app = start("--server.forward-headers-strategy=none")) {
            HttpResponse<String> response = get(app, "203.0.113.9");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("127.0.0.1");
        }
    }

    private static ConfigurableApplicationContext start(String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.main.cloud-platform=kubernetes";
        System.arraycopy(more, 0, args, 2, more.length);
        return new SpringApplicationBuilder(GuardedServer.class).run(args);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String forwardedFor) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/promotions"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Tomcat, Signoff's web configuration (the loopback guard on /console and /api), and a servlet answering the peer address. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class})
    @ComponentScan("dev.signoff.web")
    static class GuardedServer {
        @Bean
        ServletRegistrationBean<HttpServlet> api() {
            return new ServletRegistrationBean<>(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.getWriter().write(request.getRemoteAddr());
                }
            }, "/api/*");
        }
    }
}
