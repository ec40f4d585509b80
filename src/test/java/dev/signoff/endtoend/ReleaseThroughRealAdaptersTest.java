package dev.signoff.endtoend;

import dev.signoff.kubernetes.FakeController;
import dev.signoff.kubernetes.MockCluster;
import dev.signoff.promotion.Digest;
import dev.signoff.registry.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static dev.signoff.endtoend.ReleaseStorefront.PATIENCE;
import static dev.signoff.endtoend.ReleaseStorefront.TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release of three apps from the console to the mock cluster, through the real registry client
 * and the real fabric8 deployer. Its second app's rollout never becomes ready: the first app is
 * put back (its tag and its workload at the image before), the third never starts, and the one
 * card says what happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:release-endtoend;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("End to end: a release of three apps, all or nothing")
class ReleaseThroughRealAdaptersTest {
    @RegisterExtension
    static final RealAdapters adapters = new RealAdapters(ReleaseStorefront.pipelines("rel", "5s"));
    private static final List<FakeController> controllers = new ArrayList<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", adapters::pipelines);
    }

    @BeforeAll
    static void controllers() {
        for (String namespace : ReleaseStorefront.namespaces("rel")) {
            controllers.add(adapters.cluster.controller(namespace));
        }
    }

    @AfterAll
    static void stopControllers() {
        controllers.forEach(FakeController::close);
    }

    @Test
    @DisplayName("the second app's rollout fails: the first is put back (tag and workload), the third never starts, one card says so")
    void secondFailsFirstPutBackThirdNeverStarts() {
        Console console = new Console(port);
        String cartBefore = adapters.enterprise.host() + "/cart@" + Digest.sha256Of("cart as it ran before");
        String paymentsBefore = adapters.enterprise.host() + "/payments@" + Digest.sha256Of("payments as it ran before");
        adapters.cluster.deployment("shop-rel", "shop", 2, adapters.enterprise.host() + "/shop@" + Digest.sha256Of("shop long ago"));
        adapters.cluster.deployment("cart-rel", "cart", 2, cartBefore);
        adapters.cluster.deployment("payments-rel", "payments", 2, paymentsBefore);

        // shop already runs an image that Signoff put in test: that is what the release must put back
        TestImages.Image shopOld = push("shop", 1301);
        console.say("alice", "shop", "/signoff promote shop to test");
        JsonNode shopCard = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to test"), c -> c != null);
        console.click("carol", shopCard.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("shop", "Promote shop to test"), s -> s.startsWith("Done"));

        TestImages.Image shopNew = push("shop", 1302);
        TestImages.Image cartNew = push("cart", 1303);
        TestImages.Image paymentsNew = push("payments", 1304);
        controllers.get(1).when(adapters.enterprise.host() + "/cart@" + cartNew.digest(), FakeController.Outcome.NEVER_READY);

        JsonNode said = console.say("alice", "store", "/signoff promote storefront to test");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("store", TITLE), c -> c != null);
        assertThat(card.get("card").get("status").asString()).as("answer: %s", said).isEqualTo("Waiting for approval of shop, cart, payments");
        assertThat(field(card, "shop")).startsWith(shopNew.digest().shortForm() + " : copy → deploy → verify · ");
        assertThat(field(card, "cart")).startsWith(cartNew.digest().shortForm() + " : copy → deploy → verify · ");
        assertThat(field(card, "payments")).startsWith(paymentsNew.digest().shortForm() + " : copy → deploy → verify · ");
        assertThat(console.card("shop", "Promote shop to test").get("id").asString()).as("no card of its own for a member")
                .isEqualTo(shopCard.get("id").asString());

        JsonNode waitingOnBoard = console.get("/console/api/board").get("apps").get(1).get("cells").get("test").get("waiting").get(0);
        assertThat(waitingOnBoard.get("kind").asString()).isEqualTo("release storefront");
        assertThat(waitingOnBoard.get("messageId").asString()).as("the board's buttons act on the release's card")
                .isEqualTo(card.get("id").asString());

        JsonNode refused = console.click("dave", card.get("id").asString(), "approve");
        assertThat(refused.get("messages").get(0).get("text").asString()).isEqualTo("You may not approve cart in test; its approvers are carol.");
        console.click("carol", card.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("store", TITLE),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back") || s.startsWith("Aborted"));

        JsonNode ended = console.card("store", TITLE);
        assertThat(ended.get("id").asString()).as("the same card, edited").isEqualTo(card.get("id").asString());
        String status = ended.get("card").get("status").asString();
        assertThat(status).startsWith("Rolled back: cart failed: ")
                .endsWith("; put back: shop back at " + shopOld.digest().shortForm() + "; not started: payments");
        assertThat(ended.get("card").get("buttons")).isEmpty();

        // shop: its tag and its workload back at the image it ran before the release
        assertThat(adapters.enterprise.manifest("shop", "test").headers().firstValue("Docker-Content-Digest"))
                .contains(shopOld.digest().toString());
        assertThat(MockCluster.image(adapters.cluster.getDeployment("shop-rel", "shop")))
                .isEqualTo(adapters.enterprise.host() + "/shop@" + shopOld.digest());
        // cart: rolled back by its own undo
        assertThat(MockCluster.image(adapters.cluster.getDeployment("cart-rel", "cart"))).isEqualTo(cartBefore);
        // payments: never started: no tag written, workload untouched
        assertThat(adapters.enterprise.manifest("payments", "test").statusCode()).isEqualTo(404);
        assertThat(MockCluster.image(adapters.cluster.getDeployment("payments-rel", "payments"))).isEqualTo(paymentsBefore);

        String releaseId = ended.get("card").get("footer").asString().split(" ")[1];
        JsonNode release = console.get("/api/releases/" + releaseId);
        assertThat(release.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(release.get("members")).extracting(m -> m.get("app").asString() + " " + m.get("status").asString())
                .containsExactly("shop SUCCEEDED", "cart ROLLED_BACK", "payments CANCELLED");
        assertThat(release.get("undos")).singleElement().satisfies(u -> {
            assertThat(u.get("kind").asString()).isEqualTo("rollback");
            assertThat(u.get("digest").asString()).isEqualTo(shopOld.digest().toString());
            assertThat(u.get("status").asString()).isEqualTo("SUCCEEDED");
        });

        String answer = console.say("alice", "store", "/signoff status storefront").get("messages").get(1).get("text").asString();
        assertThat(answer).startsWith("Release storefront (shop, cart, payments): last promoted to test by alice (release " + releaseId
                + "): rolled back (cart failed: ");
        assertThat(answer).contains("\nshop:\n• dev: ").contains("\ncart:\n• dev: ").contains("\npayments:\n• dev: ")
                .contains("• test: " + shopOld.digest().shortForm());
    }

    private static TestImages.Image push(String app, long seed) {
        return ReleaseStorefront.push(adapters, app, seed);
    }

    private static String field(JsonNode message, String label) {
        for (JsonNode f : message.get("card").get("fields")) {
            if (f.get("label").asString().equals(label)) {
                return f.get("value").asString();
            }
        }
        throw new AssertionError("no field " + label + " on " + message);
    }
}
