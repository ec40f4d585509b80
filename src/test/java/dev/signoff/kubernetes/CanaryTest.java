package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.signoff.kubernetes.FakeController.Outcome.CRASH_LOOP;
import static dev.signoff.kubernetes.FakeController.Outcome.NEVER_READY;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A canary deployment")
class CanaryTest extends ClusterTest {
    private static final Strategy.Canary STEPS = new Strategy.Canary(List.of(10, 50, 100), Duration.ofMinutes(5));
    /** What the cluster looked like at each checkpoint: "canary at 10% for 5m: canary 1 × new, stable 4 × old". */
    private final List<String> pauses = new CopyOnWriteArrayList<>();
    private DeployTarget target;

    @BeforeEach
    void setUp() {
        cluster.deployment(namespace, "shop", 4, OLD);
        target = MockCluster.target(namespace, "deployment", STEPS);
    }

    /** A checkpoint that notes the cluster's state and goes on, or aborts at {@code abortAt}. */
    private Deployer.DeployContext recording(String abortAt) {
        return new Deployer.DeployContext("p-7", "alice", List.of("bob"), (description, pause) -> {
            Deployment canary = cluster.getDeployment(namespace, "shop-canary");
            Deployment stable = cluster.getDeployment(namespace, "shop");
            pauses.add(description + " for " + pause.toMinutes() + "m: canary " + canary.getSpec().getReplicas() + " × "
                    + (MockCluster.image(canary).equals(NEW) ? "new" : "old") + ", stable " + stable.getSpec().getReplicas() + " × "
                    + (MockCluster.image(stable).equals(NEW) ? "new" : "old"));
            if (description.equals(abortAt)) {
                throw new Deployer.Aborted("aborted by bob at: " + description);
            }
        });
    }

    @Test
    @DisplayName("grows a canary through each step, pausing at a checkpoint after each, then moves the stable Deployment and removes the canary")
    void throughEachStep() {
        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, recording(null), progress::add);

        assertThat(pauses).containsExactly(
                "canary at 10% for 5m: canary 1 × new, stable 4 × old",
                "canary at 50% for 5m: canary 2 × new, stable 4 × old");
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(NEW);
        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNotNull();

        deployer.awaitRollout(rollout, progress::add);

        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNull();
        assertThat(rollout.previousImage()).isEqualTo(OLD);
        assertThat(progress).contains("canary at 10%: 1 of 4 pods on " + NEW, "canary at 10%: 1 of 1 updated, 1 available",
                "canary at 50%: 2 of 2 updated, 2 available", "canary at 100%: set deployment/shop to " + NEW,
                "4 of 4 updated, 4 available", "removed deployment/shop-canary");
    }

    @Test
    @DisplayName("labels its canary as a track of the app: its own selector, the app's labels on its pods so the Service sends it traffic")
    void canaryShape() {
        cluster.service(namespace, "shop", java.util.Map.of("app", "shop"));
        Deployment[] seen = new Deployment[1];
        var context = new Deployer.DeployContext("p-7", "alice", List.of("bob"), (description, pause) -> {
            seen[0] = cluster.getDeployment(namespace, "shop-canary");
            throw new Deployer.Aborted("enough");
        });

        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, context, progress::add)).isInstanceOf(Deployer.Aborted.class);

        Deployment canary = seen[0];
        assertThat(canary.getMetadata().getLabels()).containsEntry("signoff.dev/track", "canary").containsEntry("app", "shop");
        assertThat(canary.getSpec().getSelector().getMatchLabels()).containsEntry("signoff.dev/track", "canary").containsEntry("app", "shop");
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(cluster.client.services().inNamespace(namespace).withName("shop").get().getSpec().getSelector())
                .containsEntry("signoff.dev/track", "canary");
        assertThat(canary.getMetadata().getAnnotations()).containsEntry("signoff.dev/promotion", "p-7")
                .containsEntry("signoff.dev/previous-image", OLD);
        assertThat(canary.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);
    }

    @Test
    @DisplayName("aborted at a checkpoint removes the canary, leaves the stable Deployment untouched and rethrows the abort")
    void aborted() {
        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, recording("canary at 50%"), progress::add))
                .isInstanceOf(Deployer.Aborted.class)
                .hasMessage("aborted by bob at: canary at 50%");

        assertThat(pauses).hasSize(2);
        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNull();
        Deployment stable = cluster.getDeployment(namespace, "shop");
        assertThat(MockCluster.image(stable)).isEqualTo(OLD);
        assertThat(stable.getMetadata().getGeneration()).isEqualTo(1);
        assertThat(stable.getMetadata().getAnnotations()).doesNotContainKey("signoff.dev/promotion");
    }

    @Test
    @DisplayName("whose canary crashes removes it and fails, naming the pod; the stable Deployment keeps the old image")
    void canaryCrashes() {
        controller.when("shop-canary", NEW, CRASH_LOOP);

        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, recording(null), progress::add))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("deployment/shop-canary cannot roll out " + NEW + ": pod shop-canary-7c9d4-x2k1 is in CrashLoopBackOff")
                .hasMessageEndingWith("; removed deployment/shop-canary, deployment/shop still runs " + OLD);

        assertThat(pauses).isEmpty();
        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNull();
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(OLD);
    }

    @Test
    @DisplayName("that fails at 100% is rolled back: the canary removed and the stable Deployment set back")
    void rollbackAtFullRollout() {
        controller.when("shop", NEW, NEVER_READY);
        DeployTarget quick = MockCluster.target(namespace, "deployment", STEPS, Duration.ofSeconds(1));
        Deployer.Rollout rollout = deployer.apply(quick, NEW_REF, recording(null), progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add)).hasMessageContaining("did not finish rolling out within 1s");
        deployer.rollback(rollout, progress::add);

        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNull();
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(OLD);
        assertThat(progress).contains("removed deployment/shop-canary", "rollback: 4 of 4 updated, 4 available");
    }

    @Test
    @DisplayName("plan names the canary and the size of each step")
    void plan() {
        Plan plan = deployer.plan(target, NEW_REF);

        assertThat(plan).isEqualTo(new Plan(OLD, NEW, 4, "canary 10% → 50% → 100%, 5m between steps",
                "canary shop-canary at 10% (1), 50% (2), then deployment/shop"));
    }

    @Test
    @DisplayName("sizes each step as its share of the stable replicas, rounded up, at least one pod")
    void sizes() {
        assertThat(CanaryStrategy.size(4, 10)).isEqualTo(1);
        assertThat(CanaryStrategy.size(10, 25)).isEqualTo(3);
        assertThat(CanaryStrategy.size(3, 50)).isEqualTo(2);
        assertThat(CanaryStrategy.size(0, 10)).isEqualTo(1);
    }
}
