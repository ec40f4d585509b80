package dev.signoff.slack;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The Slack Web API and response_url endpoints as WireMock on 127.0.0.1, one per test JVM (so
 * application contexts that point at it can be shared). Every chat.postMessage gets a new
 * {@code ts}, like Slack.
 */
final class SlackApiStub {
    static final String BOT_TOKEN = "xoxb-test-bot-token";
    static final String SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
    private static final WireMockServer SERVER = start();

    private SlackApiStub() {
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(80).templatingEnabled(true).globalTemplating(false).extensions(new Counter()));
        server.start();
        stubAll(server);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static void stubAll(WireMockServer server) {
        ok(server, "auth.test", "\"url\":\"https://example.slack.com/\",\"team\":\"Example\",\"user\":\"signoff\","
                + "\"team_id\":\"T0G9PQBBK\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\"");
        // the only templated answer: each message gets its own ts, like on Slack
        server.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withTransformers("response-template")
                .withBody("{\"ok\":true,\"channel\":\"C0SHOP\",\"ts\":\"{{now epoch}}.{{randomValue length=6 type='NUMERIC'}}\"}")));
        ok(server, "chat.update", "\"channel\":\"C0SHOP\"");
        ok(server, "chat.postEphemeral", "\"message_ts\":\"1700000000.000001\"");
        ok(server, "views.open", "\"view\":{\"id\":\"V0001\"}");
        // the Slack user groups of slack/pipelines.yaml: S0ONCALL holds dave and someone not in people:;
        // reading S0NIGHT fails as when Slack is down
        server.stubFor(post(urlEqualTo("/api/usergroups.users.list")).withRequestBody(containing("usergroup=S0ONCALL"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"ok\":true,\"users\":[\"U04DAVE\",\"U0STRANGER\"]}")));
        server.stubFor(post(urlEqualTo("/api/usergroups.users.list")).withRequestBody(containing("usergroup=S0NIGHT"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"ok\":false,\"error\":\"service_unavailable\"}")));
        server.stubFor(post(urlPathMatching("/response/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    private static void ok(WireMockServer server, String method, String fields) {
        server.stubFor(post(urlEqualTo("/api/" + method)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true," + fields + "}")));
    }

    static WireMockServer server() {
        return SERVER;
    }

    static String apiUrl() {
        return "http://127.0.0.1:" + SERVER.port() + "/api/";
    }

    static String responseUrl(String name) {
        return "http://127.0.0.1:" + SERVER.port() + "/response/" + name;
    }

    /**
     * The form fields of each call to a Web API method, oldest first; the {@code ts} Slack
     * answered (chat.postMessage) is added as {@code ts_returned}.
     */
    static List<Map<String, String>> calls(String method) {
        List<Map<String, String>> calls = new ArrayList<>();
        for (ServeEvent event : SERVER.getAllServeEvents()) {
            if (!event.getRequest().getUrl().equals("/api/" + method)) {
                continue;
            }
            Map<String, String> form = SlackPayloads.form(event.getRequest().getBodyAsString());
            JsonNode answer = SlackPayloads.JSON.readTree(event.getResponse().getBodyAsString());
            if (answer.has("ts")) {
                form.put("ts_returned", answer.get("ts").asString());
            }
            calls.add(form);
        }
        return calls.reversed();
    }

    /** The JSON bodies posted to a response_url, oldest first. */
    static List<JsonNode> responses(String name) {
        return SERVER.findAll(postRequestedFor(urlEqualTo("/response/" + name))).stream()
                .map(r -> SlackPayloads.JSON.readTree(r.getBodyAsString())).toList();
    }

    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    /** Counts requests by URL as they are served: cheaper to poll than searching the journal. */
    static final class Counter implements ServeEventListener {
        @Override
        public String getName() {
            return "slack-stub-counter";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public void afterComplete(ServeEvent event, Parameters parameters) {
            COUNTS.computeIfAbsent(event.getRequest().getUrl(), url -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** How many requests went to {@code url} (e.g. /api/chat.postEphemeral, /response/bench). */
    static int served(String url) {
        AtomicInteger n = COUNTS.get(url);
        return n == null ? 0 : n.get();
    }

    static int requestCount() {
        return SERVER.findAll(postRequestedFor(anyUrl())).size();
    }
}
