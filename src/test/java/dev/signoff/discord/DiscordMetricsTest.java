package dev.signoff.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Discord's metrics")
class DiscordMetricsTest extends DiscordAppTest {

    @Test
    @DisplayName("exist from start-up: interactions by outcome, 429s, API errors by operation")
    void fromStart() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("signoff_discord_interactions_total\\{outcome=\"accepted\"} \\d")
                .containsPattern("signoff_discord_interactions_total\\{outcome=\"refused\"} \\d")
                .containsPattern("signoff_chat_rate_limited_total\\{platform=\"discord\"} \\d");
        for (String operation : new String[] {"post", "edit", "thread"}) {
            assertThat(metrics).containsPattern("signoff_chat_api_errors_total\\{operation=\"" + operation + "\",platform=\"discord\"} \\d");
        }
    }
}
