package dev.signoff.promotion.steps;

import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.spi.Deployer;

import java.util.Optional;

/**
 * What a step kind sees of the run: the promotion, its stage, whether an earlier run of this step
 * was cut short, the checkpoint where people may step in, and the memos earlier steps left. A step
 * leaves its own memo with {@link #remember}; it is stored with the finished step.
 */
public final class StepContext {
    private final PromotionRequest promotion;
    private final Stage stage;
    private final Deployer.Checkpoint checkpoint;
    private final RolloutAnalysis rolloutAnalysis;
    private final boolean resumed;
    private volatile String memo;

    /** Made by the runner before the step is recorded as started, so that {@link #resumed()} sees only earlier runs. */
    public StepContext(String step, PromotionRequest promotion, Stage stage, Deployer.Checkpoint checkpoint) {
        this(step, promotion, stage, checkpoint, RolloutAnalysis.NONE);
    }

    /** With the stage's analysis of the finished rollout, for stages that have one. */
    public StepContext(String step, PromotionRequest promotion, Stage stage, Deployer.Checkpoint checkpoint,
                       RolloutAnalysis rolloutAnalysis) {
        this.promotion = promotion;
        this.stage = stage;
        this.checkpoint = checkpoint;
        this.rolloutAnalysis = rolloutAnalysis;
        synchronized (promotion) {
            this.resumed = promotion.steps().stream().anyMatch(s -> s.name().equals(step));
        }
    }

    public PromotionRequest promotion() {
        return promotion;
    }

    public Stage stage() {
        return stage;
    }

    /** The stage's image pinned to the promotion's digest: what the stage receives. */
    public ImageRef pinnedTarget() {
        return promotion.target().withDigest(promotion.digest());
    }

    /** Where a person may continue or abort (between canary steps, before a blue-green switch). */
    public Deployer.Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The stage's analysis of the finished rollout (only for stages with {@code analysis:}). */
    public RolloutAnalysis rolloutAnalysis() {
        return rolloutAnalysis;
    }

    /** An earlier run of this step did not finish (its process stopped): what it changed is unknown. */
    public boolean resumed() {
        return resumed;
    }

    /** The memo the named step left when it finished, if it has. */
    public Optional<String> memoOf(String stepName) {
        synchronized (promotion) {
            return promotion.finishedStep(stepName).map(Step::memo);
        }
    }

    /** Leaves a memo for the steps after this one and for this step's undo. */
    public void remember(String memo) {
        this.memo = memo;
    }

    /** The memo this step left, for the runner to store with the finished step. */
    public String memo() {
        return memo;
    }
}
