package dev.signoff.slack;

import dev.signoff.promotion.Digest;
import dev.signoff.testing.FakeRegistry;
import tools.jackson.databind.JsonNode;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running application with Slack configured (HTTP mode) and the Slack Web API as WireMock
 * ({@link SlackApiStub}), on an in-memory H2 and the test pipelines; one application context for
 * every test class that extends this. {@link #slack} sends signed requests to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slack;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/slack/pipelines.yaml",
        "signoff.slack.bot-token=" + SlackApiStub.BOT_TOKEN,
        "signoff.slack.signing-secret=" + SlackApiStub.SIGNING_SECRET})
@Import(TestAdapters.class)
abstract class SlackAppTest {
    static final String ALICE = "U01ALICE", BOB = "U02BOB", CAROL = "U03CAROL", ERIN = "U05ERIN", CHANNEL = "C0SHOP";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicInteger TAGS = new AtomicInteger();

    @DynamicPropertySource
    static void slackApi(DynamicPropertyRegistry properties) {
        properties.add("signoff.slack.api-url", SlackApiStub::apiUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    SlackSender slack;

    @BeforeEach
    void sender() {
        slack = new SlackSender(port, SlackApiStub.SIGNING_SECRET);
    }

    // ---- shop's cards as the Slack Web API stub saw them, and signed requests about them ----

    /** Promotes a fresh image to dev (no approval) and asks for prod; the prod card's ts. */
    String pendingProdCard() {
        return prodCard("", "waiting for 2 approvals");
    }

    /**
     * Promotes a fresh image to dev and asks for prod with {@code suffix} after the stage (such as
     * {@code " break-glass <reason>"}); the prod card's ts, once the answer says {@code answered}.
     */
    String prodCard(String suffix, String answered) {
        String tag = "1.0." + TAGS.incrementAndGet();
        registry.push("sandbox/shop:" + tag, Digest.sha256Of("slack " + tag));
        String devAnswer = "dev-" + tag;
        HttpResponse<String> ack = command(ALICE, "promote shop " + tag + " to dev", devAnswer);
        assertThat(ack.body()).isEmpty();
        assertThat(response(devAnswer).get("text").asString()).contains("under way");
        String devTs = cardTs("Promote shop to dev");
        await().atMost(WAIT).until(() -> lastVersion(devTs).get("text").startsWith("Promote shop to dev: Done"));

        String prodAnswer = "prod-" + tag;
        command(ALICE, "promote shop to prod" + suffix, prodAnswer);
        assertThat(response(prodAnswer).get("text").asString()).contains(answered);
        return cardTs(suffix.isEmpty() ? "Promote shop to prod: Waiting for 2 more approvals" : "BREAK-GLASS: Promote shop to prod: Waiting");
    }

    HttpResponse<String> command(String user, String text, String responseName) {
        long started = System.nanoTime();
        HttpResponse<String> ack = slack.send(SlackPayloads.command(user, CHANNEL, text, SlackApiStub.responseUrl(responseName)));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        return ack;
    }

    void click(String user, String ts, String actionId, String token) {
        HttpResponse<String> ack = slack.send(SlackPayloads.click(user, CHANNEL, ts, actionId, token, SlackApiStub.responseUrl("click")));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    }

    static JsonNode response(String name) {
        return await().atMost(WAIT).until(() -> SlackApiStub.responses(name), r -> !r.isEmpty()).getLast();
    }

    /** The newest card message whose text starts with {@code prefix}: its ts (the card's message id). */
    static String cardTs(String prefix) {
        return await().atMost(WAIT).until(() -> SlackApiStub.calls("chat.postMessage").stream()
                .filter(m -> m.get("blocks") != null && m.get("text").startsWith(prefix))
                .reduce((a, b) -> b), Optional::isPresent).get().get("ts_returned");
    }

    /** The card as last sent for {@code ts}: the newest chat.update of it, else the post. */
    static Map<String, String> lastVersion(String ts) {
        List<Map<String, String>> updates = SlackApiStub.calls("chat.update").stream().filter(u -> ts.equals(u.get("ts"))).toList();
        if (!updates.isEmpty()) {
            return updates.getLast();
        }
        return SlackApiStub.calls("chat.postMessage").stream().filter(m -> ts.equals(m.get("ts_returned"))).findFirst().orElseThrow();
    }

    /** Clicks and waits for the private answer to the one who clicked. */
    String clickAnswer(String user, String ts, String actionId, String token) {
        int before = ephemerals(user).size();
        click(user, ts, actionId, token);
        List<String> after = await().atMost(WAIT).until(() -> ephemerals(user), e -> e.size() > before);
        assertThat(SlackApiStub.calls("chat.postEphemeral").getLast().get("channel")).isEqualTo(CHANNEL);
        return after.getLast();
    }

    static List<String> ephemerals(String user) {
        return SlackApiStub.calls("chat.postEphemeral").stream().filter(e -> user.equals(e.get("user"))).map(e -> e.get("text")).toList();
    }

    static JsonNode blocks(Map<String, String> message) {
        return SlackPayloads.JSON.readTree(message.get("blocks"));
    }

    static String button(JsonNode blocks, String actionId) {
        for (JsonNode element : find(blocks, "actions").get("elements")) {
            if (element.get("action_id").asString().equals(actionId)) {
                return element.get("value").asString();
            }
        }
        throw new AssertionError("no " + actionId + " button");
    }

    static JsonNode find(JsonNode blocks, String type) {
        for (JsonNode b : blocks) {
            if (b.get("type").asString().equals(type)) {
                return b;
            }
        }
        return null;
    }
}
