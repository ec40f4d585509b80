package dev.signoff.ci;

import dev.signoff.testing.Http;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The running app for the CI module's tests: H2 in memory, the registry and the cluster faked
 * ({@link TestAdapters}), the pipelines of src/test/resources/ci/pipelines.yaml and a secret per
 * source. Subclasses share one application context (same configuration), so each test uses its
 * own app, commit, tag or delivery id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ci;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/ci/pipelines.yaml",
        "signoff.hooks.github.secret=" + HooksAppTestSupport.GITHUB_SECRET,
        "signoff.hooks.gitlab.secret=gitlab-token",
        "signoff.hooks.jenkins.secret=jenkins-token",
        "signoff.hooks.generic.secret=" + HooksAppTestSupport.GENERIC_SECRET,
        "signoff.hooks.distribution.secret=distribution-token",
        "signoff.hooks.harbor.secret=harbor-auth-header",
        "signoff.hooks.quay.secret=quay-url-secret",
        "signoff.hooks.dockerhub.secret=dockerhub-url-secret"})
@Import(TestAdapters.class)
abstract class HooksAppTestSupport {
    static final String GITHUB_SECRET = "github-hmac-key";
    static final String GENERIC_SECRET = "generic-hmac-key";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    FakeDeployer deployer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    HttpResponse<String> post(String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        return Http.send(http, request);
    }

    /** POSTs Signoff's own format, signed; {@code delivery} null sends no X-Signoff-Delivery. */
    HttpResponse<String> generic(String json, String delivery) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = Signatures.sign(GENERIC_SECRET.getBytes(StandardCharsets.UTF_8), body);
        return delivery == null
                ? post("/hooks/generic", body, "application/json", "X-Signoff-Signature", signature)
                : post("/hooks/generic", body, "application/json", "X-Signoff-Signature", signature, "X-Signoff-Delivery", delivery);
    }

    static String githubSignature(byte[] body) {
        return Signatures.sign(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), body);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The texts of the bot's plain messages in a console channel, oldest first. */
    List<String> posts(String channel) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : JSON.readTree(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/api/messages?channel=" + channel)).build()).body())) {
            if (m.get("card").isNull() && m.get("text").isString()) {
                texts.add(m.get("text").asString());
            }
        }
        return texts;
    }

    List<String> postsContaining(String channel, String part) {
        return posts(channel).stream().filter(t -> t.contains(part)).toList();
    }

    /** The status line of the newest card with this title in a console channel, "" when there is none. */
    String cardStatus(String channel, String title) {
        String status = "";
        for (JsonNode m : JSON.readTree(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/api/messages?channel=" + channel)).build()).body())) {
            if (!m.get("card").isNull() && m.get("card").get("title").asString().equals(title)) {
                status = m.get("card").get("status").asString();
            }
        }
        return status;
    }

    long stored(String source, String deliveryId) {
        return jdbc.sql("select count(*) from hook_deliveries where source = :source and delivery_id = :id")
                .param("source", source).param("id", deliveryId).query(Long.class).single();
    }

    String outcome(String source, String deliveryId) {
        return jdbc.sql("select outcome from hook_deliveries where source = :source and delivery_id = :id")
                .param("source", source).param("id", deliveryId).query(String.class).optional().orElse(null);
    }

    double counted(String source, String outcome) {
        Counter counter = meters.find("signoff.hooks.deliveries").tag("source", source).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
