package dev.signoff.discord;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.signoff.promotion.Digest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("POST /discord/interactions")
class InteractionEndpointTest extends DiscordAppTest {

    @Test
    @DisplayName("Discord's published PING, signed, is answered PONG")
    void ping() {
        byte[] body = HttpInteractionsTest.fixture("discord_interaction_ping.json");
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpResponse<String> response = interact(body, DISCORD_KEYS.sign(timestamp, body), timestamp);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(response.body()).path("type").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("Discord's published application command, signed, is read and answered privately: it is not /signoff")
    void applicationCommandFixture() {
        byte[] body = HttpInteractionsTest.fixture("discord_interaction_application_command_slash.json");
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpResponse<String> response = interact(body, DISCORD_KEYS.sign(timestamp, body), timestamp);
        assertThat(response.statusCode()).isEqualTo(200);
        var answer = json(response.body());
        assertThat(answer.path("type").asInt()).isEqualTo(4);
        assertThat(answer.path("data").path("flags").asInt()).isEqualTo(64);
        assertThat(answer.path("data").path("content").asString()).isEqualTo("Signoff answers /signoff only.");
    }

    @Test
    @DisplayName("forged, tampered, unsigned, stale and future interactions are refused with 401 and have no effect")
    void refused() throws InterruptedException {
        registry.push("sandbox/shop:forged", Digest.sha256Of("forged"));
        int before = promotions.recent(1000).size();
        String token = token();
        byte[] body = slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "dev", "image", "forged")).getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(clock.instant().getEpochSecond());
        String old = Long.toString(clock.instant().minus(Duration.ofMinutes(6)).getEpochSecond());
        String ahead = Long.toString(clock.instant().plus(Duration.ofMinutes(6)).getEpochSecond());
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"dev\"", "\"prod\"").getBytes(StandardCharsets.UTF_8);

        assertRefused(interact(body, new Signing().sign(now, body), now));       // another key
        assertRefused(interact(tampered, DISCORD_KEYS.sign(now, body), now));    // body changed after signing
        assertRefused(interact(body, null, null));                              // no signature at all
        assertRefused(interact(body, DISCORD_KEYS.sign(now, body), null));      // no timestamp
        assertRefused(interact(body, DISCORD_KEYS.sign(old, body), old));        // replayed six minutes later
        assertRefused(interact(body, DISCORD_KEYS.sign(ahead, body), ahead));    // from the future

        Thread.sleep(500); // anything the requests might have started would be under way by now
        assertThat(promotions.recent(1000)).hasSize(before);
        assertThat(anyCallFor(token)).as("a call to Discord for the refused interaction").isFalse();
        assertThat(requests(RequestMethod.POST, "/channels/.*").stream().map(DiscordAppTest::body)
                .anyMatch(b -> b.toString().contains(Digest.sha256Of("forged").shortForm()))).isFalse();
    }

    @Test
    @DisplayName("a properly signed body that is not JSON is a 400")
    void notJson() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(clock.instant().getEpochSecond());
        assertThat(interact(body, DISCORD_KEYS.sign(now, body), now).statusCode()).isEqualTo(400);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid request signature\"}");
    }
}
