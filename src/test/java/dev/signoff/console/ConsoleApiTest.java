package dev.signoff.console;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.BeforeEach;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:console-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("The console API")
class ConsoleApiTest {
    static final Digest D1 = Digest.sha256Of("console 1");
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
    dev.signoff.testing.FakeDeployer deployer;

    @BeforeEach
    void images() {
        registry.push("sandbox/shop:1.4.2", D1);
    }

    @Test
    @DisplayName("promote → approve → run, with one card that tells the truth at each step")
    void promoteApproveRun() throws Exception {
        JsonNode said = post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop 1.4.2 to dev\"}", 200);
        assertThat(said.get("messages").get(0).get("author").asString()).isEqualTo("alice");
        assertThat(said.get("messages").get(1).get("private").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> cardStatus("Promote shop to dev").startsWith("Done"));

        promotions.recordBuild(new Build("shop", D1, null, "abc1234", "main", true, null, "test", clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop to test\"}", 200);
        JsonNode card = await().atMost(Duration.ofSeconds(30)).until(() -> cardMessage("Promote shop to test"), c -> c != null);
        assertThat(card.get("card").get("status").asString()).isEqualTo("Waiting for 1 more approval");
        assertThat(card.get("card").get("buttons")).hasSize(2);
        String messageId = card.get("id").asString();

        JsonNode refused = post("/console/api/actions", "{\"user\":\"alice\",\"messageId\":\"" + messageId + "\",\"actionId\":\"approve\"}", 200);
        assertThat(refused.get("messages").get(0).get("text").asString()).contains("not an approver");
        assertThat(refused.get("messages").get(0).get("private").asBoolean()).isTrue();

        JsonNode unknown = post("/console/api/actions", "{\"user\":\"carol\",\"messageId\":\"" + messageId + "\",\"actionId\":\"snooze\"}", 200);
        assertThat(unknown.get("messages").get(0).get("text").asString()).isEqualTo("This button is not one I know.");

        post("/console/api/actions", "{\"user\":\"carol\",\"messageId\":\"" + messageId + "\",\"actionId\":\"approve\"}", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> cardStatus("Promote shop to test").startsWith("Done"));
        JsonNode done = cardMessage("Promote shop to test");
        assertThat(done.get("id").asString()).isEqualTo(messageId);
        assertThat(done.get("card").get("buttons")).isEmpty();
        assertThat(done.get("card").get("steps").toString()).contains("✓ copy").contains("✓ deploy").contains("✓ verify");

        JsonNode app = get("/api/apps/shop", 200);
        assertThat(app.get("stages").get(1).get("digest").asString()).isEqualTo(D1.toString());
        assertThat(app.get("stages").get(1).get("promotedBy").asString()).isEqualTo("carol");
    }

    @Test
    @DisplayName("a running card's Abort stops the rollout; the card ends Aborted with who, and abort then says it has finished")
    void abortRunning() throws Exception {
        Digest d2 = Digest.sha256Of("console abort");
        registry.push("sandbox/shop:abort-me", d2);
        java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);
        deployer.slowRollouts = watching::countDown;
        try {
            post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop abort-me to dev\"}", 200);
            assertThat(watching.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            JsonNode running = await().atMost(Duration.ofSeconds(30)).until(() -> cardMessage("Promote shop to dev"),
                    c -> c != null && c.get("card").get("status").asString().startsWith("Running: verify"));
            assertThat(running.get("card").get("buttons")).singleElement()
                    .satisfies(b -> assertThat(b.get("actionId").asString()).isEqualTo("abort"));

            JsonNode answer = post("/console/api/actions", "{\"user\":\"alice\",\"messageId\":\"" + running.get("id").asString()
                    + "\",\"actionId\":\"abort\"}", 200);

            assertThat(answer.get("messages").get(0).get("text").asString()).contains("is being aborted");
            await().atMost(Duration.ofSeconds(30)).until(() -> cardStatus("Promote shop to dev").startsWith("Aborted: aborted by alice"));
            JsonNode ended = cardMessage("Promote shop to dev");
            assertThat(ended.get("card").get("buttons")).isEmpty();
            String id = ended.get("card").get("footer").asString().split(" ")[1];
            JsonNode again = post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff abort " + id + " too late\"}", 200);
            assertThat(again.get("messages").get(1).get("text").asString()).startsWith("Promotion " + id + " has already finished: it is aborted");
        } finally {
            deployer.slowRollouts = null;
        }
    }

    @Test
    @DisplayName("bad input is answered 400 with the reason and changes nothing")
    void badInput() throws Exception {
        assertThat(post("/console/api/messages", "{\"user\":\"alice\",\"text\":\"help\"}", 400).get("error").asString())
                .contains("'channel' is required");
        assertThat(post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"nope\",\"text\":\"help\"}", 400).get("error").asString())
                .contains("no console channel 'nope'");
        assertThat(post("/console/api/messages", "{not json", 400).get("error").asString()).contains("not valid JSON");
        assertThat(post("/console/api/actions", "{\"user\":\"bob\",\"messageId\":\"m999999\",\"actionId\":\"approve\"}", 404).get("error").asString())
                .contains("no card");
        assertThat(get("/console/api/messages", 400).get("error").asString()).contains("'channel' is required");
    }

    @Test
    @DisplayName("an unknown person and a malformed command get private answers")
    void privateAnswers() throws Exception {
        JsonNode stranger = post("/console/api/messages", "{\"user\":\"mallory\",\"channel\":\"shop\",\"text\":\"/signoff status shop\"}", 200);
        assertThat(stranger.get("messages").get(1).get("text").asString()).contains("I don't know who you are on console");
        JsonNode usage = post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop\"}", 200);
        assertThat(usage.get("messages").get(1).get("text").asString()).startsWith("Usage: /signoff promote");
        JsonNode forBob = get("/console/api/messages?channel=shop&user=bob", 200);
        forBob.forEach(m -> assertThat(m.get("private").asBoolean() && !"bob".equals(m.path("to").asString())).isFalse());
    }

    @Test
    @DisplayName("the page's setup names the channels, the people, and the buttons that ask for a reason")
    void setup() throws Exception {
        JsonNode setup = get("/console/api/setup", 200);
        assertThat(setup.get("channels").toString()).contains("\"shop\"");
        assertThat(setup.get("people").findValuesAsString("name")).contains("alice", "bob");
        assertThat(setup.get("needReason").toString()).isEqualTo("[\"reject\"]");
    }

    private String cardStatus(String title) throws Exception {
        JsonNode m = cardMessage(title);
        return m == null ? "" : m.get("card").get("status").asString();
    }

    private JsonNode cardMessage(String title) throws Exception {
        JsonNode found = null;
        for (JsonNode m : get("/console/api/messages?channel=shop", 200)) {
            if (!m.get("card").isNull() && m.get("card").get("title").asString().equals(title)) {
                found = m;
            }
        }
        return found;
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
