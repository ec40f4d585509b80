package dev.signoff.promotion.spi;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;

/**
 * Deploys a pinned image to a stage's workload and watches it roll out. Failures are
 * {@link StepFailure}s naming the cluster, the workload and the reason.
 */
public interface Deployer {

    /** What deploying {@code image} would change, read before anyone approves. */
    Plan plan(DeployTarget target, ImageRef image);

    /** Starts the rollout; returns what is needed to watch it and to undo it. */
    Rollout apply(DeployTarget target, ImageRef image, DeployContext context, ProgressListener progress);

    /** Waits until the rollout is complete, or fails with the reason (deadline, crash loop, pull error). */
    void awaitRollout(Rollout rollout, ProgressListener progress);

    /** Puts the previous image back after a failed rollout. */
    void rollback(Rollout rollout, ProgressListener progress);

    /**
     * Who asked and who approved (recorded on the workload), and the checkpoint a strategy waits
     * at between steps (canary steps, a blue-green switch).
     */
    record DeployContext(String promotionId, String requestedBy, java.util.List<String> approvers, Checkpoint checkpoint) {
    }

    /**
     * A pause in a rollout where people may step in. {@link #await} returns when the pause is
     * over: {@code pause} has passed (null: only a person's Continue ends it) or someone clicked
     * Continue. It throws {@link Aborted} when someone clicked Abort; the deployer then undoes
     * what the strategy started (e.g. removes the canary) and rethrows.
     */
    interface Checkpoint {
        void await(String description, java.time.Duration pause);

        Checkpoint NONE = (description, pause) -> { };
    }

    /**
     * Someone aborted: at a checkpoint, or while a step ran ({@link ProgressListener#checkStopped()}).
     * The deployer undoes what the strategy started (e.g. removes the canary) and rethrows.
     */
    class Aborted extends StepFailure {
        public Aborted(String message) {
            super(message, false);
        }
    }

    /** A rollout under way: the target, the image before and after, and the generation to watch. */
    record Rollout(DeployTarget target, String previousImage, String newImage, long generation) {
    }
}
