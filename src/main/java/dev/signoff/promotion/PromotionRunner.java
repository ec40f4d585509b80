package dev.signoff.promotion;

import dev.signoff.promotion.spi.AbortSignals;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import dev.signoff.promotion.steps.StepKinds;
import dev.signoff.promotion.steps.Undo;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a running promotion through its stage's plan, recording every step on the promotion (and
 * so on its card). Steps that finished earlier, with their memo, are not run again, so a resumed
 * promotion goes on at its first unfinished step. When a step fails, the finished steps are undone
 * in reverse order: the promotion ends ROLLED_BACK when something was put back, FAILED otherwise.
 * Someone may abort it ({@link Aborts}): it is checked before each step and, through the step's
 * progress listener, while a step waits; the finished steps are undone the same way and the
 * promotion ends ABORTED, saying who, why and what was put back. The caller ({@link StageQueue}) holds the stage's lease and has claimed the promotion.
 */
@Component
class PromotionRunner {
    private static final String UNDO_STEP = "rollback";

    private final Transitions transitions;
    private final StepKinds kinds;
    private final Deployments deployments;
    private final Voting voting;
    private final Checkpoints checkpoints;
    private final MetricsGate metrics;
    private final StepRecorder recorder;
    private final Aborts aborts;
    private final Clock clock;

    PromotionRunner(Transitions transitions, StepKinds kinds, Deployments deployments, Voting voting,
                    Checkpoints checkpoints, MetricsGate metrics, Aborts aborts, Clock clock) {
        this.transitions = transitions;
        this.kinds = kinds;
        this.deployments = deployments;
        this.voting = voting;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.recorder = new StepRecorder(transitions, clock);
        this.aborts = aborts;
        this.clock = clock;
    }

    /** Runs the plan of {@code stage} for {@code p}, which is RUNNING, from its first unfinished step to the end. */
    void run(PromotionRequest p, Stage stage) {
        aborts.watch(p.id());
        try {
            walk(p, stage);
        } finally {
            aborts.forget(p.id());
        }
    }

    private void walk(PromotionRequest p, Stage stage) {
        List<StepKind> finished = new ArrayList<>();
        for (String name : stage.steps(p.kind())) {
            StepKind kind = kinds.get(name);
            if (!isFinished(p, kind)) {
                try {
                    aborts.check(p.id());
                    StepContext step = context(p, stage, name);
                    recorder.run(p, name, kind.describe(step), progress -> kind.run(step, aborts.stopping(p.id(), progress)), step::memo);
                } catch (StepFailure failure) {
                    // The abort decides how it ends, whatever the step made of it (a copy may word it as its own failure).
                    undo(p, stage, finished.reversed(), failure.getMessage(), aborts.requested(p.id()).orElse(null));
                    return;
                }
            }
            finished.add(kind);
        }
        succeed(p, stage);
    }

    private static boolean isFinished(PromotionRequest p, StepKind kind) {
        return p.finishedStep(kind.name()).filter(s -> !kind.leavesMemo() || s.memo() != null).isPresent();
    }

    private StepContext context(PromotionRequest p, Stage stage, String name) {
        Deployer.Checkpoint checkpoint = metrics.atCanarySteps(checkpoints.checkpoint(p, () -> transitions.save(p)), p, stage);
        return new StepContext(name, p, stage, checkpoint, metrics.afterRollout(p, stage));
    }

    private void undo(PromotionRequest p, Stage stage, List<StepKind> done, String failure, AbortSignals.Request abort) {
        String reason = abort != null ? Aborts.words(abort) : failure;
        List<String> putBack = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (StepKind kind : done) {
            switch (kind.undo(context(p, stage, kind.name()))) {
                case Undo.Nothing nothing -> {
                    if (nothing.why() != null) {
                        notes.add(nothing.why());
                    }
                }
                case Undo.PutBack back -> {
                    try {
                        putBack.add(recorder.run(p, UNDO_STEP, back.description(), back.work(), () -> null));
                    } catch (StepFailure e) {
                        fail(p, reason + "; the rollback failed too: " + e.getMessage());
                        return;
                    }
                }
            }
        }
        if (abort != null) {
            p.abort(abort.person(), String.join("; ", concat(reason, putBack.isEmpty() ? notes : putBack)), clock.instant());
            transitions.save(p);
        } else if (putBack.isEmpty()) {
            fail(p, String.join("; ", concat(reason, notes)));
        } else {
            p.rollBack(String.join("; ", concat(reason, putBack)), clock.instant());
            transitions.save(p);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private void succeed(PromotionRequest p, Stage stage) {
        Instant now = clock.instant();
        // What runs in the stage is recorded before the promotion shows as done, so that anyone
        // acting on "done" (the next promotion, a soak gate) sees the new digest.
        String by = p.approvers().isEmpty() ? p.requestedBy() : String.join(", ", p.approvers());
        deployments.record(new StageDeployment(p.app(), p.toStage(), p.digest(), p.kind(), p.id(), by, now));
        p.succeed(outcome(p, stage), now);
        transitions.save(p);
        voting.stageMoved(p);
    }

    private static String outcome(PromotionRequest p, Stage stage) {
        if (p.kind() == PromotionKind.SUNSET) {
            // The card ends with what each step removed and what was not there.
            return p.app() + " is sunset in " + stage.name() + ": " + String.join("; ", stage.steps(p.kind()).stream()
                    .flatMap(step -> p.finishedStep(step).map(Step::detail).stream()).toList());
        }
        return stage.publishesOnly() ? "published " + p.target() + " = " + p.digest().shortForm()
                : "deployed " + p.digest().shortForm() + " to " + (stage.deploy() != null ? stage.deploy() : stage.gitops().path()
                        + " in git repository " + stage.gitops().repo().name()) + stage.exposure().map(e -> ", live at " + e.url()).orElse("");
    }

    void fail(PromotionRequest p, String reason) {
        p.fail(reason, clock.instant());
        transitions.save(p);
    }
}
