package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;

/**
 * One way of rolling out (rolling, canary, blue-green), driven through the {@link Deployer}
 * port's steps: {@code apply} starts (and for a canary, walks the steps), {@code await} watches
 * to the end, {@code rollback} undoes after a failed {@code await}. A failure inside
 * {@code apply} is cleaned up by {@code apply} itself: the core does not roll back a deploy step
 * that failed.
 */
interface RolloutStrategy {

    /** The workload that serves the app now: what a plan shows as current. */
    Workload live(Cluster cluster, DeployTarget target);

    /** One line for the plan: what this rollout will do to which workloads, or null. */
    String describe(Cluster cluster, DeployTarget target, Workload live);

    Deployer.Rollout apply(Cluster cluster, DeployTarget target, String image, Deployer.DeployContext context, ProgressListener progress);

    void await(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress);

    void rollback(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress);
}
