package dev.signoff.console;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Break-glass end to end through the console API, on the shipped pipelines (prod frozen
 * Fri 16:00-Mon 08:00 Europe/Berlin, break-glass by two of release), with the clock set to a
 * Friday 16:30 in Berlin (15:30 UTC) and put back afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:console-break-glass;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("Break-glass in the console")
class BreakGlassConsoleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TITLE = "BREAK-GLASS: Promote shop to prod";
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    MutableClock clock;
    @Autowired
    Promotions promotions;
    @Autowired
    FakeDeployer deployer;

    @Test
    @DisplayName("in the freeze: a plain promote is refused, a break-glass one gets a marked card, two of release approve, it runs; outside, refused")
    void throughTheFreeze() throws Exception {
        Digest digest = Digest.sha256Of("console break-glass");
        registry.push("enterprise/shop:release", digest);
        Instant before = clock.instant();
        clock.set(Instant.parse("2026-11-20T15:30:00Z"));
        try {
            JsonNode refused = say("alice", "/signoff promote shop to prod");
            assertThat(refused.get("messages").get(1).get("text").asString()).startsWith("shop prod is frozen (Fri 16:00-Mon 08:00 Europe/Berlin)");

            JsonNode asked = say("alice", "/signoff promote shop to prod break-glass checkout is down, fix #812");
            assertThat(asked.get("messages").get(1).get("text").asString()).matches("Promotion \\w+ is waiting for 2 approvals\\.");
            JsonNode card = await().atMost(Duration.ofSeconds(30)).until(this::glassCard, c -> c != null);
            assertThat(field(card, "Break-glass")).isEqualTo("checkout is down, fix #812 (through the freeze Fri 16:00-Mon 08:00 Europe/Berlin)");
            assertThat(card.get("card").get("status").asString()).isEqualTo("Waiting for 2 more approvals");
            assertThat(card.get("card").get("buttons").get(0).get("confirm").asString()).startsWith("Approve promotion of shop sha256:");
            String messageId = card.get("id").asString();

            PromotionRequest p = promotions.recent(10).stream().filter(PromotionRequest::isBreakGlass).findFirst().orElseThrow();
            // waiting: marked on the board, in status and in the JSON API
            JsonNode waiting = prodCell().get("waiting").get(0);
            assertThat(waiting.get("promotionId").asString()).isEqualTo(p.id());
            assertThat(waiting.get("breakGlass").get("reason").asString()).isEqualTo("checkout is down, fix #812");
            assertThat(waiting.get("breakGlass").get("freeze").asString()).isEqualTo("Fri 16:00-Mon 08:00 Europe/Berlin");
            assertThat(say("alice", "/signoff status shop").get("messages").get(1).get("text").asString())
                    .contains("• prod: ").contains("waiting: " + p.id() + " (0 of 2), BREAK-GLASS: checkout is down, fix #812");
            JsonNode api = get("/api/promotions/" + p.id());
            assertThat(api.get("breakGlass").get("reason").asString()).isEqualTo("checkout is down, fix #812");
            assertThat(api.get("breakGlass").get("freeze").asString()).isEqualTo("Fri 16:00-Mon 08:00 Europe/Berlin");

            JsonNode notGlass = click("carol", messageId);
            assertThat(notGlass.get("messages").get(0).get("text").asString()).isEqualTo("You are not an approver for shop → prod; approvers are group:release.");
            deployer.pauseAt = "canary at 10%";
            click("bob", messageId);
            click("erin", messageId);

            // running (held at the canary's pause): still marked, on the board and in status
            await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(p.id()).orElseThrow().isPaused());
            JsonNode underway = prodCell().get("underway").get(0);
            assertThat(underway.get("promotionId").asString()).isEqualTo(p.id());
            assertThat(underway.get("paused").asBoolean()).isTrue();
            assertThat(underway.get("breakGlass").get("reason").asString()).isEqualTo("checkout is down, fix #812");
            assertThat(prodCell().get("waiting")).isEmpty();
            assertThat(say("alice", "/signoff status shop").get("messages").get(1).get("text").asString())
                    .contains("running: " + p.id() + ", BREAK-GLASS: checkout is down, fix #812");
            deployer.pauseAt = null;
            promotions.resume("erin", p.id(), true);

            await().atMost(Duration.ofSeconds(30)).until(() -> glassCard().get("card").get("status").asString().startsWith("Done"));
            assertThat(prodCell().get("underway")).isEmpty();
            assertThat(get("/api/promotions/" + p.id()).get("breakGlass").get("reason").asString()).as("kept once done")
                    .isEqualTo("checkout is down, fix #812");
            PromotionRequest done = promotions.find(p.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
            assertThat(done.approvers()).containsExactly("bob", "erin");
            assertThat(promotions.deployments("shop", "prod", 1).getFirst().digest()).isEqualTo(digest);

            clock.set(Instant.parse("2026-11-20T14:59:00Z"));
            JsonNode outside = say("alice", "/signoff promote shop to prod break-glass just in case");
            assertThat(outside.get("messages").get(1).get("text").asString())
                    .isEqualTo("shop prod is not frozen; break-glass is only for a freeze. Promote it as usual: /signoff promote shop to prod.");
        } finally {
            deployer.pauseAt = null;
            clock.set(before);
        }
    }

    private JsonNode prodCell() throws Exception {
        return get("/console/api/board").get("apps").get(0).get("cells").get("prod");
    }

    private JsonNode glassCard() throws Exception {
        JsonNode found = null;
        for (JsonNode m : get("/console/api/messages?channel=shop")) {
            if (!m.get("card").isNull() && m.get("card").get("title").asString().equals(TITLE)) {
                found = m;
            }
        }
        return found;
    }

    private static String field(JsonNode message, String label) {
        for (JsonNode f : message.get("card").get("fields")) {
            if (f.get("label").asString().equals(label)) {
                return f.get("value").asString();
            }
        }
        return null;
    }

    private JsonNode say(String user, String text) throws Exception {
        return post("/console/api/messages", JSON.writeValueAsString(java.util.Map.of("user", user, "channel", "shop", "text", text)));
    }

    private JsonNode click(String user, String messageId) throws Exception {
        return post("/console/api/actions", JSON.writeValueAsString(java.util.Map.of("user", user, "messageId", messageId, "actionId", "approve")));
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
