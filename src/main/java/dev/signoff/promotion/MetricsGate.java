package dev.signoff.promotion;

import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.MetricsCheck;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.RolloutAnalysis;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a stage's analysis for a promotion and acts on the verdict: at each canary step after its
 * pause (on the canary's metrics) and once after the rollout (the analysis step). Every
 * measurement goes to the audit log; the card shows each query's last figures as the running
 * step's progress. A failed check ends the rollout with the figures (at a canary step as an abort,
 * so the canary is removed and the stable workload never touched; after the rollout as a step
 * failure, so the deploy is undone). An inconclusive one pauses for a person: Continue goes on,
 * Abort or no answer within the stage's rollout timeout ends it as a failed check does.
 */
@Component
class MetricsGate {
    /** The step a check at a canary step shows as, inside the deploy step. */
    static final String CANARY_STEP = "canary analysis";

    private final MetricsCheck metrics;
    private final PipelineConfig config;
    private final Checkpoints checkpoints;
    private final Transitions transitions;
    private final StepRecorder recorder;
    private final Clock clock;

    MetricsGate(MetricsCheck metrics, PipelineConfig config, Checkpoints checkpoints, Transitions transitions, Clock clock) {
        this.metrics = metrics;
        this.config = config;
        this.checkpoints = checkpoints;
        this.transitions = transitions;
        this.recorder = new StepRecorder(transitions, clock);
        this.clock = clock;
    }

    /** The analysis step's check of the finished rollout, on the stage's workload. */
    RolloutAnalysis afterRollout(PromotionRequest p, Stage stage) {
        if (stage.analysis() == null) {
            return RolloutAnalysis.NONE;
        }
        return progress -> check(p, stage, stage.deploy().workloadName(), "after the rollout", progress, false);
    }

    /**
     * The canary strategy's checkpoint, with a check of the canary after each pause; for a stage
     * without analysis, or another strategy, {@code pause} as it is.
     */
    Deployer.Checkpoint atCanarySteps(Deployer.Checkpoint pause, PromotionRequest p, Stage stage) {
        if (stage.analysis() == null || !(stage.deploy().strategy() instanceof Strategy.Canary)) {
            return pause;
        }
        String canary = Strategy.Canary.workloadName(stage.deploy().workloadName());
        return (description, duration) -> {
            pause.await(description, duration);
            recorder.run(p, CANARY_STEP, description + ": measuring " + canary,
                    progress -> check(p, stage, canary, description, progress, true), () -> null);
        };
    }

    private String check(PromotionRequest p, Stage stage, String workload, String where, ProgressListener progress, boolean atCanary) {
        DeployTarget deploy = stage.deploy();
        Analysis analysis = stage.analysis().resolve(Map.of("digest", p.digest().toString(), "stage", stage.name(),
                "namespace", deploy.namespace(), "canary", workload));
        String last = analysis.queries().getLast().name();
        Map<String, String> figures = new LinkedHashMap<>();
        MetricsCheck.Result result = metrics.check(config.monitoring(analysis), analysis, m -> {
            figures.put(m.query().name(), m.describe());
            synchronized (p) {
                p.measured(m.query().name(), m.verdict().name().toLowerCase(), where + ", " + deploy.workloadKind() + "/" + workload
                        + ": " + m.describe() + " (" + m.query().query() + ")", clock.instant());
                transitions.save(p);
            }
            if (m.query().name().equals(last)) {
                // Once per round: progress is shown at most once a second, and a round's queries arrive together.
                progress.progress(String.join(" · ", figures.values()));
            }
        });
        String at = where + ", " + deploy.workloadKind() + "/" + workload;
        return switch (result.verdict()) {
            case PASSED -> "passed (" + at + "): " + String.join(" · ", figures.values());
            case FAILED -> {
                String reason = "analysis failed (" + at + "): " + result.describe();
                throw atCanary ? new Deployer.Aborted(reason) : new StepFailure(reason, false);
            }
            case INCONCLUSIVE -> {
                checkpoints.decide(p, () -> transitions.save(p), "analysis inconclusive (" + at + "): " + result.describe()
                        + "; " + String.join(", ", deciders(p, stage)) + ": go on?", deploy.timeout());
                yield "inconclusive (" + at + "), " + p.finishedStep(PromotionRequest.PAUSE).map(Step::detail).orElse("continued")
                        + ": " + result.describe();
            }
        };
    }

    /** Who is asked to decide: those who approved the promotion, else the stage's approvers, else its requester. */
    private static List<String> deciders(PromotionRequest p, Stage stage) {
        if (!p.approvers().isEmpty()) {
            return p.approvers();
        }
        ApprovalPolicy policy = stage.approvalFor(p);
        return policy.approvers().isEmpty() ? List.of(p.requestedBy()) : policy.approvers();
    }
}
