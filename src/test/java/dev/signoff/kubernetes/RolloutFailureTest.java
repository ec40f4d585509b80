package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.StepFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.signoff.kubernetes.FakeController.Outcome.CRASH_LOOP;
import static dev.signoff.kubernetes.FakeController.Outcome.DEADLINE_EXCEEDED;
import static dev.signoff.kubernetes.FakeController.Outcome.IMAGE_PULL;
import static dev.signoff.kubernetes.FakeController.Outcome.NEVER_READY;
import static dev.signoff.kubernetes.MockCluster.CONTEXT;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A rollout that fails")
class RolloutFailureTest extends ClusterTest {

    @BeforeEach
    void setUp() {
        cluster.deployment(namespace, "shop", 3, OLD);
    }

    @Test
    @DisplayName("fails when the Deployment reports ProgressDeadlineExceeded, and is rolled back to the previous image")
    void deadlineExceeded() {
        controller.when(NEW, DEADLINE_EXCEEDED);
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Rolling());
        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .isInstanceOf(StepFailure.class)
                .hasMessage("cluster dev (context dev-cluster), namespace " + namespace + ": deployment/shop made no progress before its deadline"
                        + " (ProgressDeadlineExceeded: ReplicaSet \"shop-5d8f\" has timed out progressing.); 1 of 3 updated, 0 available, 3 old left")
                .extracting(e -> ((StepFailure) e).retryable()).isEqualTo(false);

        deployer.rollback(rollout, progress::add);

        var deployment = cluster.getDeployment(namespace, "shop");
        assertThat(MockCluster.image(deployment)).isEqualTo(OLD);
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("kubernetes.io/change-cause", "signoff rollback to " + OLD + " after promotion p-42 failed")
                .containsEntry("signoff.dev/previous-image", NEW);
        assertThat(progress).contains("set deployment/shop back to " + OLD, "rollback: 3 of 3 updated, 3 available");
    }

    @Test
    @DisplayName("fails when a pod of the new image is in CrashLoopBackOff, naming the pod and the reason")
    void crashLoop() {
        controller.when(NEW, CRASH_LOOP);
        Deployer.Rollout rollout = deployer.apply(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .isInstanceOf(StepFailure.class)
                .hasMessage("cluster dev (context dev-cluster), namespace " + namespace + ": deployment/shop cannot roll out " + NEW
                        + ": pod shop-7c9d4-x2k2 is in CrashLoopBackOff (container app: back-off 10s restarting failed container=app)");

        deployer.rollback(rollout, progress::add);
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(OLD);
    }

    @Test
    @DisplayName("fails when the new image cannot be pulled (ImagePullBackOff)")
    void imagePull() {
        controller.when(NEW, IMAGE_PULL);
        Deployer.Rollout rollout = deployer.apply(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .hasMessageContaining("pod shop-7c9d4-x2k2 is in ImagePullBackOff (container app: Back-off pulling image \"" + NEW + "\")");
    }

    @Test
    @DisplayName("fails when the stage's timeout passes before the pods are ready, saying how far it got")
    void timeout() {
        controller.when(NEW, NEVER_READY);
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Rolling(), Duration.ofSeconds(1));
        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .isInstanceOf(StepFailure.class)
                .hasMessage("cluster dev (context dev-cluster), namespace " + namespace
                        + ": deployment/shop did not finish rolling out within 1s (1 of 3 updated, 0 available, 3 old left)");
    }

    @Test
    @DisplayName("of a paused Deployment fails at once instead of waiting for the timeout")
    void paused() {
        cluster.client.apps().deployments().inNamespace(namespace).withName("shop").edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });
        Deployer.Rollout rollout = deployer.apply(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), NEW_REF, CONTEXT, progress::add);

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, progress::add))
                .hasMessageEndingWith("deployment/shop is paused, so it will not roll out; resume it with kubectl rollout resume");
    }
}
