package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ProgressListener;

/**
 * The stage's analysis of a finished rollout, bound by the core to one promotion: measures the
 * workload's metrics and returns the summary for the card when they pass (or a person chose to go
 * on after an unclear result); throws a {@link dev.signoff.promotion.spi.StepFailure} when they
 * fail, or when a person aborted or nobody answered.
 */
@FunctionalInterface
public interface RolloutAnalysis {
    String check(ProgressListener progress);

    /** For stages without analysis: asking is a bug in the plan. */
    RolloutAnalysis NONE = progress -> {
        throw new IllegalStateException("this stage has no analysis");
    };
}
