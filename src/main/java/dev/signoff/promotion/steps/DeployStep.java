package dev.signoff.promotion.steps;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * Sets the stage's workload to the pinned image with the stage's strategy, and leaves the rollout
 * as its memo for {@code verify} and for its undo. Run again after a crash: a rolling deploy is
 * applied again (setting an image a workload already has changes nothing), with the image the plan
 * saw before approval as the one to go back to; a canary or blue-green rollout cut short is in a
 * state nobody knows, so it fails with that reason rather than guess. Its undo is the rollback.
 */
@Component
class DeployStep implements StepKind {
    private final Deployer deployer;

    DeployStep(Deployer deployer) {
        this.deployer = deployer;
    }

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public String describe(StepContext step) {
        return "set " + step.stage().deploy() + " to " + step.pinnedTarget();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        DeployTarget target = step.stage().deploy();
        var p = step.promotion();
        if (step.resumed() && !(target.strategy() instanceof Strategy.Rolling)) {
            throw new StepFailure("Signoff stopped during the " + target.strategy().describe() + " rollout of " + target
                    + ", so its state is unknown: check it, then roll back or promote again", false);
        }
        var context = new Deployer.DeployContext(p.id(), p.requestedBy(), p.approvers(), step.checkpoint());
        Deployer.Rollout rollout = deployer.apply(target, step.pinnedTarget(), context, progress);
        if (step.resumed() && p.plan() != null) {
            // The workload may already run the new image: what ran before is what the plan saw.
            rollout = new Deployer.Rollout(rollout.target(), p.plan().current(), rollout.newImage(), rollout.generation());
        }
        step.remember(RolloutMemo.write(rollout));
        return "applied " + target.strategy().describe();
    }

    @Override
    public boolean leavesMemo() {
        return true;
    }

    @Override
    public Undo undo(StepContext step) {
        Deployer.Rollout rollout = RolloutMemo.read(step.stage().deploy(), step.memoOf(name()).orElseThrow());
        if (rollout.previousImage() == null) {
            return new Undo.Nothing("nothing ran before, so there was nothing to roll back to");
        }
        return new Undo.PutBack("putting back " + rollout.previousImage(), progress -> {
            deployer.rollback(rollout, progress);
            return "rolled back to " + rollout.previousImage();
        });
    }
}
