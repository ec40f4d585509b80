package dev.signoff.discord;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Discord's REST API")
class DiscordRestTest {
    private final WireMockServer discord = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final DiscordRest rest;

    DiscordRestTest() {
        discord.start();
        rest = new DiscordRest(URI.create("http://127.0.0.1:" + discord.port() + "/api/v10"), "the-bot-token");
    }

    @AfterEach
    void stop() {
        discord.stop();
    }

    @Test
    @DisplayName("a 429 waits the retry_after Discord asks for, then the call goes through")
    void rateLimit() {
        discord.stubFor(post("/api/v10/channels/1/messages").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":0.4,\"global\":false}"))
                .willSetStateTo("waited"));
        discord.stubFor(post("/api/v10/channels/1/messages").inScenario("limit").whenScenarioStateIs("waited")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"99\"}")));

        long start = System.nanoTime();
        var answer = rest.bot("POST", "/channels/1/messages", Map.of("content", "hi"), "post");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.path("id").asString()).isEqualTo("99");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(400);
        discord.verify(2, postRequestedFor(urlEqualTo("/api/v10/channels/1/messages"))
                .withHeader("Authorization", equalTo("Bot the-bot-token")).withRequestBody(equalToJson("{\"content\":\"hi\"}")));
    }

    @Test
    @DisplayName("webhook calls carry no bot token; a refusal names the call and Discord's reason, never a token")
    void refusal() {
        discord.stubFor(post("/api/v10/webhooks/1/secret-interaction-token").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Unknown Webhook\",\"code\":10015}")));
        assertThatThrownBy(() -> rest.webhook("POST", "/webhooks/1/secret-interaction-token", Map.of("content", "hi"), "follow up"))
                .isInstanceOf(DiscordRest.DiscordException.class)
                .hasMessage("follow up: Discord answered 404 Unknown Webhook (code 10015)")
                .satisfies(e -> assertThat(((DiscordRest.DiscordException) e).code()).isEqualTo(10015));
        assertThat(discord.findAll(postRequestedFor(urlEqualTo("/api/v10/webhooks/1/secret-interaction-token"))).getFirst()
                .containsHeader("Authorization")).isFalse();
    }
}
