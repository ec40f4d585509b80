package dev.signoff.pipelines;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a bad pipelines file's problems at start-up instead of a stack trace. */
class PipelinesConfigFailureAnalyzer extends AbstractFailureAnalyzer<PipelinesConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PipelinesConfigException cause) {
        return new FailureAnalysis("The pipelines file has problems:\n\n" + cause.getMessage(), "Fix the file and start again.", cause);
    }
}
