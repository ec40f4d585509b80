package dev.signoff.slack;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.signoff.chat.Card;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Web API side on its own, against WireMock: rate limits and refusals. */
@DisplayName("The Slack gateway")
class SlackGatewayTest {
    private static final Card CARD = new Card("Promote shop to prod", Card.Tone.PENDING, "Waiting", List.of(), List.of(), List.of(), null);
    private final Slack slack = slack();
    private final SlackGateway gateway = new SlackGateway(slack, SlackApiStub.BOT_TOKEN);

    private final List<StubMapping> added = new ArrayList<>();

    @AfterEach
    void restore() throws Exception {
        added.forEach(SlackApiStub.server()::removeStub);
        SlackApiStub.server().resetScenarios();
        slack.close();
    }

    private void stub(MappingBuilder mapping) {
        added.add(SlackApiStub.server().stubFor(mapping));
    }

    @Test
    @DisplayName("waits out a 429 for as long as Retry-After says, then succeeds")
    void honoursRetryAfter() {
        stub(post(urlEqualTo("/api/chat.update")).withRequestBody(containing("channel=C0LIMIT"))
                .inScenario("limit").whenScenarioStateIs(STARTED).willSetStateTo("waited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        stub(post(urlEqualTo("/api/chat.update")).withRequestBody(containing("channel=C0LIMIT"))
                .inScenario("limit").whenScenarioStateIs("waited")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(meters);
        long started = System.nanoTime();
        gateway.updateCard("C0LIMIT", "1700000000.000100", CARD);
        io.micrometer.core.instrument.Metrics.removeRegistry(meters);
        assertThat(meters.get("signoff.chat.rate.limited").tags("platform", "slack", "method", "chat.update").counter().count())
                .isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(SlackApiStub.calls("chat.update").stream().filter(c -> "C0LIMIT".equals(c.get("channel")))).hasSize(2);
    }

    @Test
    @DisplayName("gives up after three rate-limited attempts, and reports Slack's own error codes")
    void givesUp() {
        stub(post(urlEqualTo("/api/chat.update")).withRequestBody(containing("channel=C0ALWAYS"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        assertThatThrownBy(() -> gateway.updateCard("C0ALWAYS", "1700000000.000100", CARD)).hasMessageContaining("429");
        assertThat(SlackApiStub.calls("chat.update").stream().filter(c -> "C0ALWAYS".equals(c.get("channel")))).hasSize(SlackGateway.ATTEMPTS);

        stub(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("channel=C0GONE"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        assertThatThrownBy(() -> gateway.postCard("C0GONE", CARD)).hasMessage("Slack chat.postMessage failed: channel_not_found");
    }

    @Test
    @DisplayName("posts cards, thread lines and channel lines with the bot token, and returns the message ts as the card's id")
    void postsWithBotToken() {
        String ts = gateway.postCard("C0SHOP", CARD);
        gateway.postText("C0SHOP", "✓ copy: copied <3 & more", ts);
        var thread = SlackApiStub.calls("chat.postMessage").getLast();
        assertThat(thread.get("thread_ts")).isEqualTo(ts);
        assertThat(thread.get("text")).isEqualTo("✓ copy: copied &lt;3 &amp; more");
        assertThat(SlackApiStub.server().getAllServeEvents().getFirst().getRequest().getHeader("Authorization"))
                .isEqualTo("Bearer " + SlackApiStub.BOT_TOKEN);
        assertThat(gateway.minUpdateInterval()).isEqualTo(Duration.ofSeconds(2));

        gateway.postText("C0SHOP", "shop 1.4.3 built by CI", null);
        var inChannel = SlackApiStub.calls("chat.postMessage").getLast();
        assertThat(inChannel.get("channel")).isEqualTo("C0SHOP");
        assertThat(inChannel).doesNotContainKey("thread_ts");
    }

    private static Slack slack() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(SlackApiStub.apiUrl());
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }
}
