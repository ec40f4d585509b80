package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.signoff.kubernetes.FakeController.Outcome.CRASH_LOOP;
import static dev.signoff.kubernetes.MockCluster.CONTEXT;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("A blue-green deployment")
class BlueGreenTest extends ClusterTest {

    @BeforeEach
    void setUp() {
        cluster.deployment(namespace, "shop", 3, OLD);
        cluster.service(namespace, "shop", Map.of("app", "shop"));
    }

    private DeployTarget target(Duration scaleDownAfter) {
        return MockCluster.target(namespace, "deployment", new Strategy.BlueGreen("shop", scaleDownAfter));
    }

    private Map<String, String> selector() {
        return cluster.client.services().inNamespace(namespace).withName("shop").get().getSpec().getSelector();
    }

    @Test
    @DisplayName("treats a plain Deployment as blue: deploys green, switches the Service once green is ready, scales the old one down later")
    void firstSwitch() {
        Deployer.Rollout rollout = deployer.apply(target(Duration.ofSeconds(1)), NEW_REF, CONTEXT, progress::add);

        Deployment green = cluster.getDeployment(namespace, "shop-green");
        assertThat(MockCluster.image(green)).isEqualTo(NEW);
        assertThat(green.getSpec().getReplicas()).isEqualTo(3);
        assertThat(green.getSpec().getSelector().getMatchLabels()).containsEntry("signoff.dev/color", "green");
        assertThat(green.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("signoff.dev/color", "green");
        assertThat(selector()).doesNotContainKey("signoff.dev/color");
        assertThat(rollout.target().workloadName()).isEqualTo("shop-green");
        assertThat(rollout.previousImage()).isEqualTo(OLD);

        deployer.awaitRollout(rollout, progress::add);

        assertThat(selector()).containsEntry("signoff.dev/color", "green").containsEntry("app", "shop");
        assertThat(cluster.getDeployment(namespace, "shop").getSpec().getReplicas()).as("kept for a quick switch back").isEqualTo(3);
        assertThat(progress).contains("switched service shop to shop-green",
                "deployment/shop stays up for a quick switch back; scaled to zero in 1s");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.getDeployment(namespace, "shop").getSpec().getReplicas()).isZero());
        assertThat(cluster.getDeployment(namespace, "shop-green").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    @DisplayName("switches between the colours on later runs, copying the live colour to the idle one")
    void secondSwitch() {
        DeployTarget target = target(Duration.ofMinutes(30));
        deployer.awaitRollout(deployer.apply(target, NEW_REF, CONTEXT, progress::add), progress::add);
        String newer = "registry.example.com/shop@" + MockCluster.digest("newer");

        Deployer.Rollout rollout = deployer.apply(target, new ImageRef("enterprise", "shop", null, Digest.parse(MockCluster.digest("newer"))),
                CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        assertThat(rollout.previousImage()).isEqualTo(NEW);
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop-blue"))).isEqualTo(newer);
        assertThat(cluster.getDeployment(namespace, "shop-blue").getSpec().getSelector().getMatchLabels())
                .containsEntry("signoff.dev/color", "blue");
        assertThat(selector()).containsEntry("signoff.dev/color", "blue");
        assertThat(cluster.getDeployment(namespace, "shop-green").getSpec().getReplicas()).as("green waits for its scale-down").isEqualTo(3);
    }

    @Test
    @DisplayName("whose new colour never gets ready leaves the Service where it was and scales the failed colour to zero")
    void failedColour() {
        controller.when(NEW, CRASH_LOOP);
        Deployer.Rollout rollout = deployer.apply(target(Duration.ofMinutes(30)), NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .hasMessageContaining("deployment/shop-green cannot roll out " + NEW + ": pod shop-green-7c9d4-x2k1 is in CrashLoopBackOff");
        deployer.rollback(rollout, progress::add);

        assertThat(selector()).doesNotContainKey("signoff.dev/color");
        assertThat(cluster.getDeployment(namespace, "shop-green").getSpec().getReplicas()).isZero();
        assertThat(cluster.getDeployment(namespace, "shop").getSpec().getReplicas()).isEqualTo(3);
        assertThat(progress).contains("scaled deployment/shop-green to zero; shop serves " + OLD);
    }

    @Test
    @DisplayName("rolled back after the switch points the Service back at the previous colour")
    void rollbackAfterSwitch() {
        DeployTarget target = target(Duration.ofMinutes(30));
        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        deployer.rollback(rollout, progress::add);

        assertThat(selector()).doesNotContainKey("signoff.dev/color").containsEntry("app", "shop");
        assertThat(cluster.getDeployment(namespace, "shop-green").getSpec().getReplicas()).isZero();
        assertThat(progress).contains("switched service shop back to shop");
    }

    @Test
    @DisplayName("plan shows the live colour and what the switch will do")
    void plan() {
        Plan plan = deployer.plan(target(Duration.ofMinutes(30)), NEW_REF);

        assertThat(plan).isEqualTo(new Plan(OLD, NEW, 3, "blue-green",
                "deploys shop-green, then switches service shop from shop to it; shop is scaled to zero after 30m"));
    }
}
