package dev.signoff.observability;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:metrics-at-start;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("Metrics")
class MetricsAtStartTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Promotions promotions;
    @Autowired
    FakeRegistry registry;
    @Autowired
    MutableClock clock;
    @Autowired
    PromotionMetrics metrics;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("exist at zero from start-up for every app, stage and outcome; the waiting gauge follows a request for approval")
    void fromTheFirstSecond() throws Exception {
        String atStart = prometheus();
        assertThat(atStart)
                .contains("signoff_promotions_total{app=\"shop\",outcome=\"succeeded\",stage=\"dev\"} 0.0")
                .contains("signoff_promotions_total{app=\"shop\",outcome=\"rolled_back\",stage=\"prod\"} 0.0")
                .contains("signoff_promotions_total{app=\"shop\",outcome=\"expired\",stage=\"release\"} 0.0")
                .contains("signoff_approval_wait_seconds_count{app=\"shop\",outcome=\"approved\",stage=\"test\"} 0")
                .doesNotContain("signoff_approval_wait_seconds_count{app=\"shop\",outcome=\"approved\",stage=\"dev\"}")
                .contains("signoff_promotions_waiting{app=\"shop\",stage=\"test\"} 0.0")
                .contains("signoff_promotions_waiting{app=\"shop\",stage=\"prod\"} 0.0")
                .contains("signoff_step_duration_seconds_count{outcome=\"failed\",step=\"verify\"} 0")
                .contains("signoff_step_duration_seconds_count{outcome=\"done\",step=\"delete tag\"} 0")
                .contains("signoff_chat_api_errors_total{operation=\"edit\",platform=\"console\"} 0.0")
                .contains("signoff_hooks_deliveries_total{outcome=\"unauthorized\",source=\"github\"} 0.0");

        Digest digest = Digest.sha256Of("metrics");
        registry.push("sandbox/shop:metrics-1", digest);
        PromotionRequest dev = promotions.promote("alice", "shop", "metrics-1", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(dev.id()).orElseThrow().status().isTerminal());
        promotions.recordBuild(new Build("shop", digest, null, "abc1234", "main", true, null, "test", clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        PromotionRequest test = promotions.promote("alice", "shop", null, "test");
        assertThat(test.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);

        // counted when the request's event is handled, before promote() returns
        assertThat(prometheus())
                .contains("signoff_promotions_waiting{app=\"shop\",stage=\"test\"} 1.0")
                .contains("signoff_promotions_waiting{app=\"shop\",stage=\"prod\"} 0.0")
                .contains("signoff_promotions_total{app=\"shop\",outcome=\"succeeded\",stage=\"dev\"} 1.0");

        promotions.cancel("alice", test.id());
        assertThat(prometheus())
                .contains("signoff_promotions_waiting{app=\"shop\",stage=\"test\"} 0.0")
                .contains("signoff_promotions_total{app=\"shop\",outcome=\"cancelled\",stage=\"test\"} 1.0")
                .contains("signoff_approval_wait_seconds_count{app=\"shop\",outcome=\"cancelled\",stage=\"test\"} 1");
    }

    @Test
    @DisplayName("count what waits in the database, also when it changed without an event here (another replica), on the periodic refresh")
    void waitingFromTheDatabase() throws Exception {
        Digest digest = Digest.sha256Of("metrics elsewhere");
        registry.push("enterprise/shop:test", digest);
        PromotionRequest release = promotions.promote("bob", "shop", null, "release");
        assertThat(release.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        promotions.cancel("bob", release.id());
        assertThat(prometheus()).contains("signoff_promotions_waiting{app=\"shop\",stage=\"release\"} 0.0");

        jdbc.sql("update promotions set status = 'PENDING_APPROVAL' where id = :id").param("id", release.id()).update();
        assertThat(prometheus()).as("until the refresh").contains("signoff_promotions_waiting{app=\"shop\",stage=\"release\"} 0.0");
        metrics.countWaiting();
        assertThat(prometheus()).contains("signoff_promotions_waiting{app=\"shop\",stage=\"release\"} 1.0");

        jdbc.sql("update promotions set status = 'CANCELLED' where id = :id").param("id", release.id()).update();
        metrics.countWaiting();
        assertThat(prometheus()).contains("signoff_promotions_waiting{app=\"shop\",stage=\"release\"} 0.0");
    }

    private String prometheus() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
