package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * A {@code <name>-canary} Deployment next to the stable one: a copy with the new image and the
 * label {@code signoff.dev/track: canary} on itself, its selector and its pods. Its pods keep the
 * app's labels, so the app's Service sends them their share of traffic. It is sized to each
 * step's share of the stable replicas, waits until ready, then pauses at a checkpoint; at 100%
 * the stable Deployment gets the new image ({@link #await} watches it and then removes the
 * canary). Steps run inside {@code apply}, because only {@code apply} holds the checkpoint; so a
 * failed or aborted step is undone here: the canary is removed and the stable Deployment was
 * never touched.
 */
final class CanaryStrategy implements RolloutStrategy {
    static final String TRACK = "signoff.dev/track";

    private final RollingStrategy stable = new RollingStrategy();

    @Override
    public Workload live(Cluster cluster, DeployTarget target) {
        return stable.live(cluster, target);
    }

    @Override
    public String describe(Cluster cluster, DeployTarget target, Workload live) {
        requireDeployment(cluster, target);
        Strategy.Canary canary = (Strategy.Canary) target.strategy();
        var steps = canary.steps().stream().filter(step -> step < 100).map(step -> step + "% (" + size(live.desired(), step) + ")").toList();
        return steps.isEmpty() ? "no step below 100%, so straight to " + live.ref()
                : "canary " + canaryRef(target).name() + " at " + String.join(", ", steps) + ", then " + live.ref();
    }

    @Override
    public Deployer.Rollout apply(Cluster cluster, DeployTarget target, String image, Deployer.DeployContext context,
                                  ProgressListener progress) {
        requireDeployment(cluster, target);
        Strategy.Canary canary = (Strategy.Canary) target.strategy();
        Workload workload = live(cluster, target);
        String previous = Workloads.container(cluster, target.namespace(), workload, target.container()).getImage();
        Change change = Change.promote(image, previous, context);
        WorkloadRef canaryRef = canaryRef(target);
        int replicas = workload.desired();
        try {
            for (int step : canary.steps()) {
                if (step >= 100) {
                    break;
                }
                int size = size(replicas, step);
                String phase = "canary at " + step + "%";
                Deployment desired = Workloads.variant(cluster, workload, canaryRef.name(), TRACK, "canary", size, target.container(), change);
                Workload started = Workloads.upsert(cluster, target.namespace(), desired);
                progress.progress(phase + ": " + size + " of " + replicas + " pods on " + image);
                new RolloutWatch(cluster, target.namespace(), canaryRef).await(started.generation(), image, target.timeout(), phase + ": ", progress);
                context.checkpoint().await(phase, canary.pause());
            }
        } catch (Deployer.Aborted e) {
            removeCanary(cluster, target, progress, e);
            throw e;
        } catch (StepFailure e) {
            removeCanary(cluster, target, progress, e);
            throw new StepFailure(e.getMessage() + "; removed " + canaryRef + ", " + workload.ref() + " still runs " + previous, e.retryable(), e);
        } catch (RuntimeException e) {
            removeCanary(cluster, target, progress, e);
            throw e;
        }
        Workload updated = Workloads.setImage(cluster, target.namespace(), workload.ref(), target.container(), change);
        progress.progress("canary at 100%: set " + workload.ref() + " to " + image);
        return new Deployer.Rollout(target, previous, image, updated.generation());
    }

    @Override
    public void await(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        stable.await(cluster, rollout, progress);
        if (Workloads.delete(cluster, rollout.target().namespace(), canaryRef(rollout.target()))) {
            progress.progress("removed " + canaryRef(rollout.target()));
        }
    }

    @Override
    public void rollback(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        DeployTarget target = rollout.target();
        if (Workloads.delete(cluster, target.namespace(), canaryRef(target))) {
            progress.progress("removed " + canaryRef(target));
        }
        stable.rollback(cluster, rollout, progress);
    }

    /** A step's share of the stable replicas, rounded up, at least one pod. */
    static int size(int replicas, int percent) {
        return Math.max(1, (int) Math.ceil(replicas * percent / 100.0));
    }

    private static WorkloadRef canaryRef(DeployTarget target) {
        return WorkloadRef.of(target).named(Strategy.Canary.workloadName(target.workloadName()));
    }

    private static void removeCanary(Cluster cluster, DeployTarget target, ProgressListener progress, RuntimeException cause) {
        try {
            if (Workloads.delete(cluster, target.namespace(), canaryRef(target))) {
                progress.progress("removed " + canaryRef(target));
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static void requireDeployment(Cluster cluster, DeployTarget target) {
        if (!WorkloadRef.of(target).isDeployment()) {
            throw new StepFailure(cluster.where(target.namespace()) + ": the " + target.strategy().describe().replaceAll(" .*", "")
                    + " strategy needs a Deployment; " + target.workload() + " can roll out with the rolling strategy only", false);
        }
    }
}
