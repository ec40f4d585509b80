package dev.signoff.endtoend;

import dev.signoff.testing.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console API and the JSON API of the running application, driven over HTTP as the console
 * page does: type a command in a channel, click a card's button, read the channel back. Public for
 * the registry benchmark, which promotes through the running application the same way.
 */
public final class Console {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public Console(int port) {
        this.port = port;
    }

    /** {@code user} types {@code text} in {@code channel}. */
    public JsonNode say(String user, String channel, String text) {
        return post("/console/api/messages", JSON.createObjectNode().put("user", user).put("channel", channel).put("text", text));
    }

    /** {@code user} clicks the button {@code actionId} of the card in message {@code messageId}. */
    public JsonNode click(String user, String messageId, String actionId) {
        return post("/console/api/actions", JSON.createObjectNode().put("user", user).put("messageId", messageId).put("actionId", actionId));
    }

    /** The newest message in {@code channel} whose card has {@code title}, or null. */
    public JsonNode card(String channel, String title) {
        JsonNode found = null;
        for (JsonNode m : get("/console/api/messages?channel=" + channel)) {
            if (!m.get("card").isNull() && m.get("card").get("title").asString().equals(title)) {
                found = m;
            }
        }
        return found;
    }

    /** The status line of the newest card with {@code title}, "" while there is none. */
    public String cardStatus(String channel, String title) {
        JsonNode m = card(channel, title);
        return m == null ? "" : m.get("card").get("status").asString();
    }

    /** The newest promotion of {@code app} into {@code stage}, from {@code GET /api/promotions/{id}}. */
    JsonNode latestPromotion(String app, String stage) {
        JsonNode list = get("/api/promotions?app=" + app + "&stage=" + stage);
        assertThat(list).as("promotions of %s into %s", app, stage).isNotEmpty();
        return get("/api/promotions/" + list.get(0).get("id").asString());
    }

    public JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, JsonNode body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(r.statusCode()).as("POST %s %s: %s", path, body, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        return Http.send(http, request);
    }
}
