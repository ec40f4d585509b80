package dev.signoff.promotion.steps;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says at start-up, without a stack trace, which stage's plan names a step kind nobody provides. */
class StepKindsFailureAnalyzer extends AbstractFailureAnalyzer<StepKinds.Unregistered> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StepKinds.Unregistered cause) {
        return new FailureAnalysis("The stages' plans cannot be carried out: " + cause.getMessage(),
                "Check the stage keys in the pipelines file (each key adds its steps, see docs/steps.md), "
                        + "or run a Signoff that has the module providing the missing step kind.", cause);
    }
}
