package dev.signoff.api;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:console-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("The read API")
class PromotionsApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Promotions promotions;
    @Autowired
    FakeRegistry registry;

    @Test
    @DisplayName("lists promotions, shows one with votes and steps, and says which digest runs where")
    void readsBack() throws Exception {
        Digest digest = Digest.sha256Of("api 1");
        registry.push("sandbox/shop:api-1", digest);
        PromotionRequest p = promotions.promote("alice", "shop", "api-1", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());

        JsonNode one = get("/api/promotions/" + p.id(), 200);
        assertThat(one.get("digest").asString()).isEqualTo(digest.toString());
        assertThat(one.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(one.get("steps")).hasSize(3);
        assertThat(one.get("requestedBy").asString()).isEqualTo("alice");

        JsonNode list = get("/api/promotions?app=shop&stage=dev&limit=5", 200);
        assertThat(list.get(0).get("id").asString()).isEqualTo(p.id());
        assertThat(get("/api/promotions", 200).size()).isGreaterThanOrEqualTo(1);

        JsonNode app = get("/api/apps/shop", 200);
        assertThat(app.get("stages").get(0).get("stage").asString()).isEqualTo("dev");
        assertThat(app.get("stages").get(0).get("digest").asString()).isEqualTo(digest.toString());
        assertThat(app.get("stages").get(0).get("promotedBy").asString()).isEqualTo("alice");
        assertThat(app.get("stages").get(3).get("frozen").isNull()).isTrue();
    }

    @Test
    @DisplayName("answers unknown ids and apps with 404 and a bad limit with 400")
    void errors() throws Exception {
        assertThat(get("/api/promotions/nope", 404).get("error").asString()).contains("no promotion 'nope'");
        assertThat(get("/api/apps/nope", 404).get("error").asString()).contains("I don't know an app called 'nope'");
        assertThat(get("/api/promotions?limit=0", 400).get("error").asString()).contains("limit");
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
