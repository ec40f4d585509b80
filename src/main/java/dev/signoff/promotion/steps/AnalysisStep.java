package dev.signoff.promotion.steps;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.Durations;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

/**
 * Judges the finished rollout by the stage's metrics ({@code analysis:}); in the plan after
 * {@code verify}, so it runs once the workload is ready, whatever deployed it. It only reads, so
 * running it again after a crash is safe. A failed check is a step failure: the runner undoes the
 * deploy (the rollback). Nothing to undo itself.
 */
@Component
class AnalysisStep implements StepKind {

    @Override
    public String name() {
        return "analysis";
    }

    @Override
    public String describe(StepContext step) {
        Analysis analysis = step.stage().analysis();
        return "measuring " + String.join(", ", analysis.queries().stream().map(AnalysisQuery::name).toList())
                + ": " + analysis.count() + " × every " + Durations.format(analysis.interval());
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        return step.rolloutAnalysis().check(progress);
    }
}
