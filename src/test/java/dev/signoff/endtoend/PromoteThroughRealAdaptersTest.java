package dev.signoff.endtoend;

import dev.signoff.kubernetes.FakeController;
import dev.signoff.kubernetes.MockCluster;
import dev.signoff.promotion.Digest;
import dev.signoff.registry.LocalRegistry;
import dev.signoff.registry.TestImages;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chat to cluster with nothing faked in between: commands and clicks go through the console API
 * into the running application, whose own registry client copies between two real registries
 * and whose own fabric8 deployer (reaching the cluster through a kubeconfig, as in production)
 * sets the workload on fabric8's mock API server, where a test controller rolls it out.
 * Two apps, so each story has its own stage: shop rolls out, cart never becomes ready (and has
 * a 5 s rollout timeout).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:endtoend;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("End to end, through the real registry client and the real Kubernetes deployer")
class PromoteThroughRealAdaptersTest {
    private static final String PIPELINES = """
            people:
              alice: { console: alice }
              carol: { console: carol }
            registries:
              sandbox:    { host: "{sandbox}", insecure: true }
              enterprise: { host: "{enterprise}", insecure: true }
            clusters:
              mock: { context: {context} }
            apps:
              shop:
                channel: { console: shop }
                stages:
                  - name: dev
                    image: sandbox/shop:dev
                    approval: none
                  - name: test
                    image: enterprise/shop:test
                    deploy: { cluster: mock, namespace: shop-test, workload: deployment/shop, timeout: 2m }
                    approval: { required: 1, approvers: [carol] }
              cart:
                channel: { console: cart }
                stages:
                  - name: dev
                    image: sandbox/cart:dev
                    approval: none
                  - name: test
                    image: enterprise/cart:test
                    deploy: { cluster: mock, namespace: cart-test, workload: deployment/cart, timeout: 5s }
                    approval: { required: 1, approvers: [carol] }
            """;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final RealAdapters adapters = new RealAdapters(PIPELINES);
    private static FakeController shopController;
    private static FakeController cartController;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", adapters::pipelines);
    }

    @BeforeAll
    static void controllers() {
        shopController = adapters.cluster.controller("shop-test");
        cartController = adapters.cluster.controller("cart-test");
    }

    @AfterAll
    static void stopControllers() {
        shopController.close();
        cartController.close();
    }

    @Test
    @DisplayName("promote → approve: the tag is copied byte-exact, the Deployment runs it by digest and rolls out, the card says done")
    void promoteApproveRollOut() {
        TestImages.Image image = TestImages.small(TestImages.Kind.OCI_INDEX, adapters.folder("shop-image"), 1201);
        TestImages.push(image, adapters.sandbox, "shop", "dev");
        String before = adapters.enterprise.host() + "/shop@" + Digest.sha256Of("shop as it ran before");
        adapters.cluster.deployment("shop-test", "shop", 3, before);
        Console console = new Console(port);

        JsonNode said = console.say("alice", "shop", "/signoff promote shop to test");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to test"), c -> c != null);
        assertThat(card.get("card").get("status").asString()).as("answer: %s", said).isEqualTo("Waiting for 1 more approval");
        assertThat(field(card, "Digest")).isEqualTo(image.digest().shortForm());
        assertThat(field(card, "Plan")).as("the plan reads the workload from the cluster")
                .startsWith(before.substring(0, before.indexOf("@sha256:") + 8 + 12) + " → ").contains("3 replicas");

        console.click("carol", card.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("shop", "Promote shop to test"),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back"));

        JsonNode done = console.card("shop", "Promote shop to test");
        assertThat(done.get("id").asString()).as("the same card, edited").isEqualTo(card.get("id").asString());
        assertThat(done.get("card").get("status").asString()).startsWith("Done");
        assertThat(done.get("card").get("buttons")).isEmpty();
        JsonNode promotion = console.latestPromotion("shop", "test");
        assertThat(promotion.get("status").asString()).as("%s", promotion).isEqualTo("SUCCEEDED");
        assertThat(promotion.get("digest").asString()).isEqualTo(image.digest().toString());

        HttpResponse<byte[]> copied = adapters.enterprise.manifest("shop", "test");
        assertThat(copied.statusCode()).isEqualTo(200);
        assertThat(copied.body()).as("the index, byte for byte").isEqualTo(image.top());
        assertThat(copied.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
        assertThat(copied.headers().firstValue("Content-Type")).contains("application/vnd.oci.image.index.v1+json");
        for (Map.Entry<Digest, byte[]> child : image.children().entrySet()) {
            HttpResponse<byte[]> platform = adapters.enterprise.manifest("shop", child.getKey().toString());
            assertThat(platform.statusCode()).as("platform manifest %s", child.getKey()).isEqualTo(200);
            assertThat(platform.body()).as("platform manifest %s", child.getKey()).isEqualTo(child.getValue());
        }
        for (Map.Entry<Digest, Long> blob : image.blobs().entrySet()) {
            HttpResponse<Void> head = RealAdapters.headBlob(adapters.enterprise, "shop", blob.getKey().toString());
            assertThat(head.statusCode()).as("blob %s in the destination", blob.getKey()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(blob.getValue());
        }

        Deployment shop = adapters.cluster.getDeployment("shop-test", "shop");
        assertThat(MockCluster.image(shop)).isEqualTo(adapters.enterprise.host() + "/shop@" + image.digest());
        assertThat(shop.getStatus().getObservedGeneration()).isEqualTo(shop.getMetadata().getGeneration());
        assertThat(shop.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(shop.getStatus().getReadyReplicas()).isEqualTo(3);
    }

    @Test
    @DisplayName("a rollout that never becomes ready is rolled back: the Deployment runs the previous image again, the card says so")
    void neverReadyIsRolledBack() {
        TestImages.Image image = TestImages.small(TestImages.Kind.DOCKER_MANIFEST, adapters.folder("cart-image"), 1202);
        TestImages.push(image, adapters.sandbox, "cart", "dev");
        String before = adapters.enterprise.host() + "/cart@" + Digest.sha256Of("cart as it ran before");
        String failing = adapters.enterprise.host() + "/cart@" + image.digest();
        adapters.cluster.deployment("cart-test", "cart", 2, before);
        cartController.when(failing, FakeController.Outcome.NEVER_READY);
        Console console = new Console(port);

        JsonNode said = console.say("alice", "cart", "/signoff promote cart to test");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("cart", "Promote cart to test"), c -> c != null);
        assertThat(card.get("card").get("status").asString()).as("answer: %s", said).isEqualTo("Waiting for 1 more approval");
        console.click("carol", card.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("cart", "Promote cart to test"),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back"));

        JsonNode rolledBack = console.card("cart", "Promote cart to test");
        assertThat(rolledBack.get("card").get("status").asString()).startsWith("Rolled back");
        assertThat(rolledBack.get("card").get("tone").asString()).isEqualTo("failure");
        JsonNode promotion = console.latestPromotion("cart", "test");
        assertThat(promotion.get("status").asString()).as("%s", promotion).isEqualTo("ROLLED_BACK");

        assertThat(adapters.enterprise.manifest("cart", image.digest().toString()).body())
                .as("the copy ran before the deploy").isEqualTo(image.top());
        Deployment cart = adapters.cluster.getDeployment("cart-test", "cart");
        assertThat(MockCluster.image(cart)).isEqualTo(before);
        assertThat(cart.getMetadata().getAnnotations()).as("the failed image was set, then replaced")
                .containsEntry("signoff.dev/previous-image", failing);
        await().atMost(PATIENCE).untilAsserted(() -> {
            Deployment now = adapters.cluster.getDeployment("cart-test", "cart");
            assertThat(now.getStatus().getObservedGeneration()).isEqualTo(now.getMetadata().getGeneration());
            assertThat(now.getStatus().getReadyReplicas()).isEqualTo(2);
        });
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
