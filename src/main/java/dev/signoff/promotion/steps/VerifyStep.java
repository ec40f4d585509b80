package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

/**
 * Watches the rollout the deploy step started until it is complete, or fails with the reason
 * (deadline, crash loop, pull error, stage timeout). Only reads, so running it again is safe.
 */
@Component
class VerifyStep implements StepKind {
    private final Deployer deployer;

    VerifyStep(Deployer deployer) {
        this.deployer = deployer;
    }

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String describe(StepContext step) {
        return "watching the rollout";
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        Deployer.Rollout rollout = RolloutMemo.read(step.stage().deploy(), step.memoOf("deploy").orElseThrow(
                () -> new IllegalStateException("verify runs after deploy, which leaves the rollout to watch")));
        deployer.awaitRollout(rollout, progress);
        return "rollout complete";
    }
}
