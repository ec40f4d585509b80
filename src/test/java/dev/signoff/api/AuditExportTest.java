package dev.signoff.api;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:console-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("Audit export and metrics")
class AuditExportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    Promotions promotions;
    @Autowired
    FakeRegistry registry;
    @Autowired
    MeterRegistry meters;

    @Test
    @DisplayName("a promotion's audit trail comes back as JSON lines, and the outcome is counted")
    void exportAndCount() throws Exception {
        registry.push("sandbox/shop:audit-1", Digest.sha256Of("audit 1"));
        PromotionRequest p = promotions.promote("alice", "shop", "audit-1", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/audit?promotion=" + p.id())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        var lines = Arrays.stream(r.body().split("\n")).map(JSON::readTree).toList();
        assertThat(lines.getFirst().get("action").asString()).isEqualTo("request");
        assertThat(lines.getLast().get("action").asString()).isEqualTo("finish");
        assertThat(lines).allSatisfy(l -> assertThat(l.get("promotion").asString()).isEqualTo(p.id()));

        assertThat(meters.get("signoff.promotions").tags("app", "shop", "stage", "dev", "outcome", "succeeded").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("signoff.step.duration").tags("step", "copy", "outcome", "done").timer().count()).isGreaterThanOrEqualTo(1);
    }
}
