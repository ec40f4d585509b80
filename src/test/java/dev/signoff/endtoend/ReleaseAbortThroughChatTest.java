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
 * A release of three apps aborted from its card in the console while its second app rolls out,
 * through the real registry client and the real fabric8 deployer against the mock cluster (the
 * release of {@link ReleaseStorefront}): the second app's rollout is undone, the first
 * is put back (tag and workload), the third never starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:release-abort-endtoend;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("End to end: a release aborted from its card")
class ReleaseAbortThroughChatTest {
    @RegisterExtension
    static final RealAdapters adapters = new RealAdapters(ReleaseStorefront.pipelines("abt", "2m"));
    private static final List<FakeController> controllers = new ArrayList<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", adapters::pipelines);
    }

    @BeforeAll
    static void controllers() {
        for (String namespace : ReleaseStorefront.namespaces("abt")) {
            controllers.add(adapters.cluster.controller(namespace));
        }
    }

    @AfterAll
    static void stopControllers() {
        controllers.forEach(FakeController::close);
    }

    @Test
    @DisplayName("Abort clicked while the second app rolls out: its rollout is undone, the first is put back, the third never starts")
    void abortDuringSecondApp() {
        Console console = new Console(port);
        String cartBefore = adapters.enterprise.host() + "/cart@" + Digest.sha256Of("cart as it ran before");
        String paymentsBefore = adapters.enterprise.host() + "/payments@" + Digest.sha256Of("payments as it ran before");
        adapters.cluster.deployment("shop-abt", "shop", 2, adapters.enterprise.host() + "/shop@" + Digest.sha256Of("shop long ago"));
        adapters.cluster.deployment("cart-abt", "cart", 2, cartBefore);
        adapters.cluster.deployment("payments-abt", "payments", 2, paymentsBefore);

        TestImages.Image shopOld = push("shop", 1401);
        console.say("alice", "shop", "/signoff promote shop to test");
        JsonNode shopCard = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to test"), c -> c != null);
        console.click("carol", shopCard.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("shop", "Promote shop to test"), s -> s.startsWith("Done"));

        push("shop", 1402);
        TestImages.Image cartNew = push("cart", 1403);
        push("payments", 1404);
        String cartNewImage = adapters.enterprise.host() + "/cart@" + cartNew.digest();
        controllers.get(1).when(cartNewImage, FakeController.Outcome.NEVER_READY);

        console.say("alice", "store", "/signoff promote storefront to test");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("store", TITLE), c -> c != null);
        String messageId = card.get("id").asString();
        console.click("carol", messageId, "approve");
        await().atMost(PATIENCE).until(() -> MockCluster.image(adapters.cluster.getDeployment("cart-abt", "cart")), cartNewImage::equals);
        JsonNode running = console.card("store", TITLE);
        assertThat(running.get("card").get("buttons").findValuesAsString("actionId")).containsExactly("abort");

        JsonNode refused = console.click("dave", messageId, "abort");
        assertThat(refused.get("messages").get(0).get("text").asString()).startsWith("Only alice, who asked for release ")
                .endsWith("; you may not approve cart in test.");
        console.click("carol", messageId, "abort");
        await().atMost(PATIENCE).until(() -> console.cardStatus("store", TITLE),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back") || s.startsWith("Aborted"));

        String status = console.card("store", TITLE).get("card").get("status").asString();
        assertThat(status).startsWith("Aborted: cart was aborted: aborted by carol")
                .endsWith("; put back: shop back at " + shopOld.digest().shortForm() + "; not started: payments");
        // shop: its tag and its workload back at the image it ran before the release
        assertThat(adapters.enterprise.manifest("shop", "test").headers().firstValue("Docker-Content-Digest"))
                .contains(shopOld.digest().toString());
        assertThat(MockCluster.image(adapters.cluster.getDeployment("shop-abt", "shop")))
                .isEqualTo(adapters.enterprise.host() + "/shop@" + shopOld.digest());
        // cart: its rollout undone
        assertThat(MockCluster.image(adapters.cluster.getDeployment("cart-abt", "cart"))).isEqualTo(cartBefore);
        // payments: never started: no tag written, workload untouched
        assertThat(adapters.enterprise.manifest("payments", "test").statusCode()).isEqualTo(404);
        assertThat(MockCluster.image(adapters.cluster.getDeployment("payments-abt", "payments"))).isEqualTo(paymentsBefore);
    }

    private static TestImages.Image push(String app, long seed) {
        return ReleaseStorefront.push(adapters, app, seed);
    }
}
