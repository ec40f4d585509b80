package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.signoff.kubernetes.MockCluster.CONTEXT;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A rolling deployment")
class RollingDeployTest extends ClusterTest {

    @Test
    @DisplayName("sets a Deployment's first container to the pullable digest reference, records why, and watches it to the end")
    void deployment() {
        cluster.deployment(namespace, "shop", 3, OLD);
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Rolling());

        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        assertThat(rollout.previousImage()).isEqualTo(OLD);
        assertThat(rollout.newImage()).isEqualTo(NEW).startsWith("registry.example.com/shop@sha256:");
        assertThat(rollout.generation()).isEqualTo(2);
        var deployment = cluster.getDeployment(namespace, "shop");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage()).containsExactly("app=" + NEW, "metrics=prom/exporter:1");
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("signoff.dev/promotion", "p-42")
                .containsEntry("signoff.dev/previous-image", OLD)
                .containsEntry("signoff.dev/approved-by", "bob, carol")
                .containsEntry("kubernetes.io/change-cause", "signoff promotion p-42: " + NEW + ", requested by alice, approved by bob, carol");
        assertThat(progress).contains("set deployment/shop to " + NEW, "1 of 3 updated, 1 available, 2 old left",
                "3 of 3 updated, 3 available");
    }

    @Test
    @DisplayName("sets the named container of a StatefulSet and waits until every pod is updated and ready")
    void statefulSet() {
        cluster.statefulSet(namespace, 2, OLD, "RollingUpdate");
        DeployTarget target = new DeployTarget("dev", namespace, "statefulset", "shop", "app", new Strategy.Rolling(), Duration.ofSeconds(10));

        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        var statefulSet = cluster.client.apps().statefulSets().inNamespace(namespace).withName("shop").get();
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW);
        assertThat(statefulSet.getStatus().getCurrentRevision()).isEqualTo(statefulSet.getStatus().getUpdateRevision());
        assertThat(progress).contains("2 of 2 updated, 2 ready");
    }

    @Test
    @DisplayName("sets a DaemonSet and counts its progress in nodes")
    void daemonSet() {
        cluster.daemonSet(namespace, OLD);
        DeployTarget target = MockCluster.target(namespace, "daemonset", new Strategy.Rolling());

        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        var daemonSet = cluster.client.apps().daemonSets().inNamespace(namespace).withName("shop").get();
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW);
        assertThat(progress).contains("1 of 3 nodes updated, 1 available", "3 of 3 nodes updated, 3 available");
    }

    @Test
    @DisplayName("that changes nothing (the image already runs) finishes at once")
    void alreadyThere() {
        cluster.deployment(namespace, "shop", 2, NEW);
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Rolling());

        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, progress::add);
        deployer.awaitRollout(rollout, progress::add);

        assertThat(rollout.generation()).isEqualTo(1);
        assertThat(progress).last().isEqualTo("2 of 2 updated, 2 available");
    }

    @Test
    @DisplayName("plan shows the current and next image, the replicas and the strategy before anyone approves")
    void plan() {
        cluster.deployment(namespace, "shop", 3, OLD);

        Plan plan = deployer.plan(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), NEW_REF);

        assertThat(plan).isEqualTo(new Plan(OLD, NEW, 3, "rolling", null));
    }

    @Test
    @DisplayName("plan of a DaemonSet counts the nodes it runs on, and says when the image already runs")
    void planDaemonSet() {
        cluster.daemonSet(namespace, NEW);

        Plan plan = deployer.plan(MockCluster.target(namespace, "daemonset", new Strategy.Rolling()), NEW_REF);

        assertThat(plan).isEqualTo(new Plan(NEW, NEW, 3, "rolling", "already runs this image; one pod per node"));
    }

    @Test
    @DisplayName("plan of a stage whose image lives in the sandbox registry names the registry's host")
    void pullableReference() {
        cluster.deployment(namespace, "shop", 1, OLD);
        var sandbox = new ImageRef("sandbox", "team/shop", null, NEW_REF.digest());

        Plan plan = deployer.plan(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), sandbox);

        assertThat(plan.next()).isEqualTo("localhost:5000/team/shop@" + NEW_REF.digest());
    }
}
