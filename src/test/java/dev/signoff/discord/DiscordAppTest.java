package dev.signoff.discord;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Releases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

/**
 * The running app with Discord configured in http mode: signed interactions are POSTed into it
 * and Discord's REST API is WireMock on 127.0.0.1. One WireMock, key pair and Spring context for
 * all subclasses (the dynamic properties are declared here, so the context is cached and shared);
 * the request journal is never reset, so tests find their own requests by token or message id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:discord;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.discord.application-id=" + DiscordAppTest.APP_ID,
        "signoff.discord.bot-token=" + DiscordAppTest.BOT_TOKEN,
        "signoff.discord.guild-id=" + DiscordAppTest.GUILD})
@Import(TestAdapters.class)
abstract class DiscordAppTest {
    static final String APP_ID = "1300000000000000001";
    static final String BOT_TOKEN = "test-bot-token";
    static final String GUILD = "290926798626357999";
    /** From src/test/resources/app/pipelines.yaml. */
    static final String SHOP = "1122334455667788990";
    static final String ALICE = "812345678901234567";
    static final String BOB = "812345678901234568";
    static final String ERIN = "1098765432109876543";
    static final String API = "/api/v10";

    static final Signing DISCORD_KEYS = new Signing();
    static final WireMockServer DISCORD = discord();
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Pattern PROMOTION = Pattern.compile("[Pp]romotion (\\w+) ");

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    FakeRegistry registry;
    @Autowired
    FakeDeployer deployer;
    @Autowired
    Promotions promotions;
    @Autowired
    Releases releases;

    @DynamicPropertySource
    static void discordSettings(DynamicPropertyRegistry registry) {
        registry.add("signoff.discord.public-key", DISCORD_KEYS::publicKeyHex);
        registry.add("signoff.discord.api-url", () -> "http://127.0.0.1:" + DISCORD.port() + API);
    }

    private static WireMockServer discord() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(put(urlMatching(API + "/applications/\\d+(/guilds/\\d+)?/commands")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[]")));
        server.stubFor(post(urlMatching(API + "/channels/\\d+/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"9{{randomValue length=17 type='NUMERIC'}}\",\"channel_id\":\"{{request.pathSegments.[3]}}\"}")
                .withTransformers("response-template")));
        server.stubFor(patch(urlMatching(API + "/channels/\\d+/messages/\\d+")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{}")));
        server.stubFor(post(urlMatching(API + "/channels/\\d+/messages/\\d+/threads")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"{{request.pathSegments.[5]}}\",\"type\":11}")
                .withTransformers("response-template")));
        server.stubFor(any(urlMatching(API + "/webhooks/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{}")));
        server.stubFor(delete(urlMatching(API + "/webhooks/.*")).willReturn(aResponse().withStatus(204)));
        return server;
    }

    // ---- interactions in ----

    /** A fresh interaction token, to find this interaction's webhook calls. */
    static String token() {
        return "itoken-" + SEQUENCE.incrementAndGet() + "-aVeryLongInteractionToken";
    }

    static String slash(String user, String token, String subcommand, Map<String, String> options) {
        List<Map<String, Object>> values = new ArrayList<>();
        options.forEach((name, value) -> values.add(Map.of("type", 3, "name", name, "value", value)));
        Map<String, Object> data = Map.of("id", "1400000000000000001", "name", "signoff", "type", 1,
                "options", List.of(Map.of("type", 1, "name", subcommand, "options", values)));
        return interaction(2, user, token, data);
    }

    static String button(String user, String token, String customId) {
        return interaction(3, user, token, Map.of("custom_id", customId, "component_type", 2));
    }

    static String form(String user, String token, String formId, String reason) {
        Map<String, Object> input = Map.of("type", 4, "id", 2, "custom_id", "reason", "value", reason);
        return interaction(5, user, token, Map.of("custom_id", formId, "components", List.of(Map.of("type", 18, "id", 1, "component", input))));
    }

    private static String interaction(int type, String user, String token, Map<String, Object> data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("id", "15" + SEQUENCE.incrementAndGet());
        payload.put("application_id", APP_ID);
        payload.put("token", token);
        payload.put("version", 1);
        payload.put("guild_id", GUILD);
        payload.put("channel_id", SHOP);
        payload.put("member", Map.of("user", Map.of("id", user, "username", "someone"), "roles", List.of()));
        payload.put("data", data);
        return JSON.writeValueAsString(payload);
    }

    /** POSTs {@code json} to /discord/interactions signed with Discord's key at the app's current time. */
    HttpResponse<String> interact(String json) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return interact(body, DISCORD_KEYS.sign(timestamp, body), timestamp);
    }

    HttpResponse<String> interact(byte[] body, String signature, String timestamp) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/discord/interactions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Signature-Ed25519", signature);
        }
        if (timestamp != null) {
            request.header("X-Signature-Timestamp", timestamp);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    // ---- Discord's side, as WireMock saw it ----

    /** Requests to Discord, oldest first. */
    static List<ServeEvent> requests(RequestMethod method, String pathRegex) {
        return DISCORD.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().equals(method) && e.getRequest().getUrl().matches(API + pathRegex))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    static JsonNode body(ServeEvent event) {
        return json(event.getRequest().getBodyAsString());
    }

    /** The one webhook call for the interaction {@code token} with {@code method} and path suffix, once it came. */
    static JsonNode webhook(RequestMethod method, String token, String suffix) {
        String path = "/webhooks/" + APP_ID + "/" + token + suffix;
        ServeEvent event = await().atMost(Duration.ofSeconds(10)).until(
                () -> requests(method, Pattern.quote(path)), list -> !list.isEmpty()).getFirst();
        return event.getRequest().getBodyAsString().isEmpty() ? JSON.missingNode() : body(event);
    }

    /** The text of the deferred reply once it is edited into the answer. */
    static String answer(String token) {
        return webhook(RequestMethod.PATCH, token, "/messages/@original").path("content").asString();
    }

    static boolean anyCallFor(String token) {
        return DISCORD.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getUrl().contains(token));
    }

    static String promotionId(String answer) {
        Matcher m = PROMOTION.matcher(answer);
        if (!m.find()) {
            throw new AssertionError("no promotion id in: " + answer);
        }
        return m.group(1);
    }

    /** The card message posted for a promotion: its id (from Discord's answer) and the posted body. */
    record Posted(String messageId, JsonNode body) {
        JsonNode embed() {
            return body.path("embeds").get(0);
        }

        String token(String label) {
            for (JsonNode row : body.path("components")) {
                for (JsonNode b : row.path("components")) {
                    if (b.path("label").asString().equals(label)) {
                        return b.path("custom_id").asString();
                    }
                }
            }
            throw new AssertionError("no " + label + " button on " + body);
        }
    }

    static Posted card(String promotionId) {
        ServeEvent posted = await().atMost(Duration.ofSeconds(10)).until(() -> requests(RequestMethod.POST, "/channels/" + SHOP + "/messages")
                .stream().filter(e -> body(e).path("embeds").path(0).path("footer").path("text").asString()
                        .startsWith("promotion " + promotionId + " ")).toList(), list -> !list.isEmpty()).getFirst();
        return new Posted(json(posted.getResponse().getBodyAsString()).path("id").asString(), body(posted));
    }

    /** The edits of a card message, oldest first. */
    static List<JsonNode> edits(String messageId) {
        return requests(RequestMethod.PATCH, "/channels/" + SHOP + "/messages/" + messageId).stream().map(DiscordAppTest::body).toList();
    }

    /** The card as last edited, once {@code done} holds for it. */
    static JsonNode awaitEdit(String messageId, java.util.function.Predicate<JsonNode> done) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<JsonNode> edits = edits(messageId);
            return edits.isEmpty() ? null : edits.getLast();
        }, edit -> edit != null && done.test(edit));
    }

    static String description(JsonNode message) {
        return message.path("embeds").path(0).path("description").asString();
    }

    static String field(JsonNode message, String name) {
        for (JsonNode f : message.path("embeds").path(0).path("fields")) {
            if (f.path("name").asString().equals(name)) {
                return f.path("value").asString();
            }
        }
        return null;
    }
}
