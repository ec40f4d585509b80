package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

/**
 * Kubernetes' own update of the workload, for all three kinds: set the container image and let
 * the controller replace the pods. Rolling back sets the previous image the same way.
 */
final class RollingStrategy implements RolloutStrategy {

    @Override
    public Workload live(Cluster cluster, DeployTarget target) {
        return Workloads.require(cluster, target.namespace(), WorkloadRef.of(target));
    }

    @Override
    public String describe(Cluster cluster, DeployTarget target, Workload live) {
        if (live.updateStrategy().equals("OnDelete")) {
            return live.ref() + " uses updateStrategy OnDelete, so Signoff cannot roll it out";
        }
        if (live.isDaemonSet()) {
            return "one pod per node";
        }
        return live.updateStrategy().equals("Recreate") ? "Recreate: all pods stop before the new ones start" : null;
    }

    @Override
    public Deployer.Rollout apply(Cluster cluster, DeployTarget target, String image, Deployer.DeployContext context,
                                  ProgressListener progress) {
        Workload workload = live(cluster, target);
        if (workload.updateStrategy().equals("OnDelete")) {
            throw new StepFailure(cluster.where(target.namespace()) + ": " + workload.ref() + " uses updateStrategy OnDelete: its pods"
                    + " would keep the old image until someone deletes them; set updateStrategy to RollingUpdate", false);
        }
        String previous = Workloads.container(cluster, target.namespace(), workload, target.container()).getImage();
        Workload updated = Workloads.setImage(cluster, target.namespace(), workload.ref(), target.container(),
                Change.promote(image, previous, context));
        progress.progress("set " + workload.ref() + " to " + image);
        return new Deployer.Rollout(target, previous, image, updated.generation());
    }

    @Override
    public void await(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        DeployTarget target = rollout.target();
        new RolloutWatch(cluster, target.namespace(), WorkloadRef.of(target))
                .await(rollout.generation(), rollout.newImage(), target.timeout(), "", progress);
    }

    @Override
    public void rollback(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        restore(cluster, rollout.target(), WorkloadRef.of(rollout.target()), rollout.previousImage(), rollout.newImage(), progress);
    }

    /** Sets {@code ref} back to {@code previous} (if it is not already) and waits until that has rolled out. */
    static void restore(Cluster cluster, DeployTarget target, WorkloadRef ref, String previous, String failed, ProgressListener progress) {
        Workload workload = Workloads.require(cluster, target.namespace(), ref);
        Workload updated = Workloads.setImage(cluster, target.namespace(), ref, target.container(),
                Change.rollback(previous, failed, workload.annotation(Change.PROMOTION)));
        progress.progress("set " + ref + " back to " + previous);
        new RolloutWatch(cluster, target.namespace(), ref).await(updated.generation(), previous, target.timeout(), "rollback: ", progress);
    }
}
