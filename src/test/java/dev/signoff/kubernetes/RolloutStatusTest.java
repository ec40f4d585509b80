package dev.signoff.kubernetes;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A rollout's status")
class RolloutStatusTest {

    private static Deployment deployment(long observed, int updated, int available, int total) {
        return new DeploymentBuilder().withNewMetadata().withName("shop").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(3).withTemplate(MockCluster.template("shop", "x")).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withAvailableReplicas(available)
                .withReplicas(total).endStatus().build();
    }

    @Test
    @DisplayName("is not complete until the controller has seen the new generation, whatever the counts say")
    void observedGeneration() {
        RolloutStatus status = RolloutStatus.of(Workload.of(deployment(1, 3, 3, 3)), 2);

        assertThat(status).isEqualTo(new RolloutStatus(false, "waiting for the controller to pick up the change", null));
    }

    @Test
    @DisplayName("of a Deployment is complete only when no old pod is left and the new ones are available")
    void deploymentCounts() {
        assertThat(RolloutStatus.of(Workload.of(deployment(2, 3, 3, 4)), 2).complete()).isFalse();
        assertThat(RolloutStatus.of(Workload.of(deployment(2, 3, 2, 3)), 2).complete()).isFalse();
        assertThat(RolloutStatus.of(Workload.of(deployment(2, 3, 3, 3)), 2))
                .isEqualTo(new RolloutStatus(true, "3 of 3 updated, 3 available", null));
    }

    @Test
    @DisplayName("of a StatefulSet with a partition is complete when the pods from the partition up are updated")
    void statefulSetPartition() {
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("db").withGeneration(4L).endMetadata()
                .withNewSpec().withReplicas(5).withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(3)
                .endRollingUpdate().endUpdateStrategy().withTemplate(MockCluster.template("db", "x")).endSpec()
                .withNewStatus().withObservedGeneration(4L).withUpdatedReplicas(2).withReadyReplicas(5)
                .withCurrentRevision("db-3").withUpdateRevision("db-4").endStatus().build();

        assertThat(RolloutStatus.of(Workload.of(set), 4)).isEqualTo(new RolloutStatus(true, "2 of 5 updated, 5 ready", null));
    }

    @Test
    @DisplayName("blames only pods of the new image, at most three by name")
    void stuckPods() {
        var pods = List.of(pod("old-1", "old", "CrashLoopBackOff"), pod("new-1", "new", "ErrImagePull"), pod("new-2", "new", null),
                pod("new-3", "new", "CreateContainerConfigError"), pod("new-4", "new", "CrashLoopBackOff"), pod("new-5", "new", "CrashLoopBackOff"));

        assertThat(RolloutStatus.stuckPods(pods, "new")).contains("pod new-1 is in ErrImagePull (container app);"
                + " pod new-3 is in CreateContainerConfigError (container app); pod new-4 is in CrashLoopBackOff (container app) and 1 more");
        assertThat(RolloutStatus.stuckPods(pods.subList(0, 1), "new")).isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(String name, String image, String waiting) {
        var builder = new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec();
        if (waiting != null) {
            builder.withNewStatus().addNewContainerStatus().withName("app").withNewState().withNewWaiting().withReason(waiting)
                    .endWaiting().endState().endContainerStatus().endStatus();
        }
        return builder.build();
    }
}
