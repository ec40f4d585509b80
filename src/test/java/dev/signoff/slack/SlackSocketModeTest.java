package dev.signoff.slack;

import dev.signoff.testing.TestAdapters;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Socket Mode wiring without Slack: apps.connections.open (WireMock) hands out the address of a
 * WebSocket server on 127.0.0.1 that plays Slack's side, sending envelopes and reading the acks.
 * The envelopes reach the same handlers as HTTP requests do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slack-socket;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/slack/pipelines.yaml",
        "signoff.slack.mode=socket",
        "signoff.slack.bot-token=" + SlackApiStub.BOT_TOKEN,
        "signoff.slack.app-token=xapp-test-app-token"})
@Import(TestAdapters.class)
@DisplayName("Slack in Socket Mode")
class SlackSocketModeTest {
    static final FakeSlackSocket SOCKET = FakeSlackSocket.listen();

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry properties) {
        SlackApiStub.server().stubFor(post(urlEqualTo("/api/apps.connections.open")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"url\":\"ws://127.0.0.1:" + SOCKET.getPort() + "/link\"}")));
        properties.add("signoff.slack.api-url", SlackApiStub::apiUrl);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SOCKET.stop(1000);
    }

    @LocalServerPort
    int port;

    @Test
    @DisplayName("connects with the app-level token, acknowledges a slash command with its envelope id, and answers through response_url")
    void slashCommand() throws Exception {
        assertThat(SOCKET.connected.await(20, TimeUnit.SECONDS)).isTrue();
        Map<String, String> command = SlackPayloads.form(SlackPayloads.command(SlackFlowTest.CAROL, SlackFlowTest.CHANNEL,
                "status shop", SlackApiStub.responseUrl("socket-status")));
        SOCKET.send(envelope("env-command", "slash_commands", SlackPayloads.JSON.valueToTree(command)));

        await().atMost(Duration.ofSeconds(10)).until(() -> SOCKET.acks().contains("env-command"));
        JsonNode answer = await().atMost(Duration.ofSeconds(10)).until(() -> SlackApiStub.responses("socket-status"), r -> !r.isEmpty()).getFirst();
        assertThat(answer.get("response_type").asString()).isEqualTo("in_channel");
        assertThat(answer.get("text").asString()).startsWith("shop:");
    }

    @Test
    @DisplayName("a button click over the socket is acknowledged and answered privately, like over HTTP")
    void click() throws Exception {
        assertThat(SOCKET.connected.await(20, TimeUnit.SECONDS)).isTrue();
        String form = SlackPayloads.click(SlackFlowTest.BOB, SlackFlowTest.CHANNEL, "1700000000.000009", "approve", "stale-token",
                SlackApiStub.responseUrl("socket-click"));
        JsonNode payload = SlackPayloads.JSON.readTree(SlackPayloads.form(form).get("payload"));
        int before = SlackApiStub.calls("chat.postEphemeral").size();
        SOCKET.send(envelope("env-click", "interactive", payload));

        await().atMost(Duration.ofSeconds(10)).until(() -> SOCKET.acks().contains("env-click"));
        Map<String, String> ephemeral = await().atMost(Duration.ofSeconds(10))
                .until(() -> SlackApiStub.calls("chat.postEphemeral"), c -> c.size() > before).getLast();
        assertThat(ephemeral.get("user")).isEqualTo(SlackFlowTest.BOB);
        assertThat(ephemeral.get("text")).contains("This request has expired");
    }

    @Test
    @DisplayName("serves no HTTP endpoint for Slack: there is nothing to sign")
    void noHttpEndpoint() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .POST(HttpRequest.BodyPublishers.ofString("payload={}")).header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isIn(404, 405);
    }

    private static String envelope(String id, String type, JsonNode payload) {
        ObjectNode e = SlackPayloads.JSON.createObjectNode();
        e.put("envelope_id", id);
        e.put("type", type);
        e.put("accepts_response_payload", false);
        e.set("payload", payload);
        return e.toString();
    }

    /** Slack's end of the socket: says hello on connect, records what the client sends. */
    static final class FakeSlackSocket extends WebSocketServer {
        final CountDownLatch connected = new CountDownLatch(1);
        final List<String> received = new CopyOnWriteArrayList<>();
        private volatile WebSocket client;

        private FakeSlackSocket() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        static FakeSlackSocket listen() {
            FakeSlackSocket server = new FakeSlackSocket();
            CountDownLatch started = new CountDownLatch(1);
            server.onStarted = started::countDown;
            server.start();
            try {
                if (!started.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the fake Slack socket did not start");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return server;
        }

        private Runnable onStarted = () -> { };

        void send(String message) {
            client.send(message);
        }

        List<String> acks() {
            return received.stream().map(m -> SlackPayloads.JSON.readTree(m).path("envelope_id").asString()).toList();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            client = conn;
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},\"connection_info\":{\"app_id\":\"A111\"}}");
            connected.countDown();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            onStarted.run();
        }
    }
}
