package dev.signoff.console;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /console/api/board} and its events, against the shipped config/pipelines.yaml. The
 * server takes the client address from X-Forwarded-For here (as a proxy in front of it would make
 * it), so a request can come "from another host" and meet the loopback guard.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:board-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "server.forward-headers-strategy=native", "signoff.api-token=board-token"})
@Import(TestAdapters.class)
@DisplayName("The pipeline board's API")
class BoardApiTest {
    static final Digest D1 = Digest.sha256Of("board 1");
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

    @Test
    @DisplayName("gives one row per app and one cell per stage: what runs there, since when, by whom, and the cards waiting")
    void cells() throws Exception {
        registry.push("sandbox/shop:1.4.2", D1);
        post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop 1.4.2 to dev\"}");
        JsonNode dev = await().atMost(Duration.ofSeconds(30)).until(() -> cell("shop", "dev"), c -> !c.get("current").isNull());

        JsonNode board = get("/console/api/board");
        assertThat(board.get("stages").toString()).isEqualTo("[\"dev\",\"test\",\"release\",\"prod\"]");
        assertThat(board.get("apps")).hasSize(1);
        assertThat(board.get("apps").get(0).get("channel").asString()).isEqualTo("shop");
        assertThat(board.get("releases")).isEmpty();
        JsonNode current = dev.get("current");
        assertThat(current.get("digest").asString()).isEqualTo(D1.toString());
        assertThat(current.get("shortDigest").asString()).isEqualTo(D1.shortForm());
        assertThat(current.get("tag").asString()).isEqualTo("1.4.2");
        assertThat(current.get("promotedBy").asString()).isEqualTo("alice");
        assertThat(current.get("approvedBy")).isEmpty();
        assertThat(current.get("since").asString()).isEqualTo(clock.instant().toString());
        assertThat(dev.get("image").asString()).isEqualTo("sandbox/shop:dev");
        assertThat(cell("shop", "test").get("current").isNull()).isTrue();

        promotions.recordBuild(new Build("shop", D1, null, "abc1234", "main", true, null, "test", clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"shop\",\"text\":\"/signoff promote shop to test\"}");
        JsonNode waiting = cell("shop", "test").get("waiting").get(0);
        assertThat(waiting.get("tag").asString()).as("the tag it came in under, not dev's").isEqualTo("1.4.2");
        assertThat(waiting.get("requestedBy").asString()).isEqualTo("alice");
        assertThat(waiting.get("approvals").asInt()).isZero();
        assertThat(waiting.get("required").asInt()).isEqualTo(1);
        assertThat(waiting.get("buttons").findValuesAsString("actionId")).containsExactly("approve", "reject");
        String messageId = waiting.get("messageId").asString();
        JsonNode card = cardMessage("shop", messageId);
        assertThat(card.get("card").get("title").asString()).isEqualTo("Promote shop to test");

        post("/console/api/actions", "{\"user\":\"carol\",\"messageId\":\"" + messageId + "\",\"actionId\":\"approve\"}");
        JsonNode test = await().atMost(Duration.ofSeconds(30)).until(() -> cell("shop", "test"), c -> !c.get("current").isNull());
        assertThat(test.get("waiting")).isEmpty();
        assertThat(test.get("current").get("approvedBy").toString()).isEqualTo("[\"carol\"]");
        assertThat(test.get("current").get("tag").asString()).isEqualTo("1.4.2");
    }

    @Test
    @DisplayName("streams the whole board on connect, then the row that changed when a stage is locked and unlocked")
    void events() throws Exception {
        BlockingQueue<Map.Entry<String, JsonNode>> events = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/console/api/board/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> read(stream.body(), events));
        try {
            Map.Entry<String, JsonNode> first = events.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.getKey()).isEqualTo("board");
            assertThat(first.getValue().get("apps").get(0).get("cells").get("prod").get("lock").isNull()).isTrue();

            post("/console/api/messages", "{\"user\":\"bob\",\"channel\":\"shop\",\"text\":\"/signoff lock shop prod incident 42\"}");
            JsonNode locked = nextRow(events, "shop", r -> !r.get("cells").get("prod").get("lock").isNull());
            assertThat(locked.get("cells").get("prod").get("lock").get("holder").asString()).isEqualTo("bob");
            assertThat(locked.get("cells").get("prod").get("lock").get("reason").asString()).isEqualTo("incident 42");

            post("/console/api/messages", "{\"user\":\"bob\",\"channel\":\"shop\",\"text\":\"/signoff unlock shop prod\"}");
            nextRow(events, "shop", r -> r.get("cells").get("prod").get("lock").isNull());
        } finally {
            stream.body().close();
            reader.interrupt();
        }
    }

    @Test
    @DisplayName("the board's page, JSON and events answer this machine, and another host only with the API token")
    void loopbackGuard() throws Exception {
        for (String path : List.of("/console/board", "/console/api/board", "/console/api/board/events")) {
            assertThat(status(path, null, null)).as(path + " from this machine").isEqualTo(200);
            assertThat(status(path, "203.0.113.9", null)).as(path + " from another host").isEqualTo(401);
            assertThat(status(path, "203.0.113.9", "Bearer wrong")).as(path + " with a wrong token").isEqualTo(401);
            assertThat(status(path, "203.0.113.9", "Bearer board-token")).as(path + " with the token").isEqualTo(200);
        }
    }

    private int status(String path, String from, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (from != null) {
            request.header("X-Forwarded-For", from);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close(); // the events stream would not end by itself
        return response.statusCode();
    }

    private static JsonNode nextRow(BlockingQueue<Map.Entry<String, JsonNode>> events, String app,
                                    java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            Map.Entry<String, JsonNode> event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.getKey().equals("row") && event.getValue().get("app").asString().equals(app)
                    && wanted.test(event.getValue())) {
                return event.getValue();
            }
        }
        throw new AssertionError("no such row event for " + app + " within 30 s");
    }

    /** Server-sent events as (name, JSON data) pairs, until the stream closes. */
    private static void read(InputStream body, BlockingQueue<Map.Entry<String, JsonNode>> events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(Map.entry(name, JSON.readTree(data.toString())));
                    name = "message";
                    data.setLength(0);
                }
            }
        } catch (java.io.IOException closed) {
            // the test closed the stream
        }
    }

    private JsonNode cell(String app, String stage) throws Exception {
        for (JsonNode row : get("/console/api/board").get("apps")) {
            if (row.get("app").asString().equals(app)) {
                return row.get("cells").get(stage);
            }
        }
        throw new AssertionError("no row for " + app);
    }

    private JsonNode cardMessage(String channel, String id) throws Exception {
        for (JsonNode m : get("/console/api/messages?channel=" + channel)) {
            if (m.get("id").asString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " in #" + channel);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
