package dev.signoff.promotion;

import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.StageLeases;
import dev.signoff.promotion.spi.StageLocks;
import dev.signoff.promotion.spi.StepFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Carries out approved promotions: copy the image, deploy it, watch the rollout, roll back on
 * failure, recording every step on the promotion (and so on its card). A promotion runs once:
 * the move out of APPROVED is saved under the store's version check. Promotions into one stage
 * run one after the other under a database lease; the next waiting one starts when a run ends.
 */
@Component
class PromotionRunner {
    private static final Logger log = LoggerFactory.getLogger(PromotionRunner.class);

    private final PipelineConfig config;
    private final Transitions transitions;
    private final PromotionQueries queries;
    private final StageLeases leases;
    private final StageLocks locks;
    private final Deployments deployments;
    private final ImageRegistry registry;
    private final Deployer deployer;
    private final Decommissioner decommissioner;
    private final Executor executor;
    private final Clock clock;
    private final Voting voting;
    private final Checkpoints checkpoints;
    private final Steps steps;

    PromotionRunner(PipelineConfig config, Transitions transitions, PromotionQueries queries, StageLeases leases,
                    StageLocks locks, Deployments deployments, ImageRegistry registry, Deployer deployer,
                    Decommissioner decommissioner, Voting voting, Checkpoints checkpoints, Executor promotionExecutor,
                    Clock clock) {
        this.config = config;
        this.transitions = transitions;
        this.queries = queries;
        this.leases = leases;
        this.locks = locks;
        this.deployments = deployments;
        this.registry = registry;
        this.deployer = deployer;
        this.decommissioner = decommissioner;
        this.voting = voting;
        this.checkpoints = checkpoints;
        this.steps = new Steps(transitions, clock);
        this.executor = promotionExecutor;
        this.clock = clock;
    }

    /** Runs the promotion in the background if it is approved and its stage is free; otherwise it waits its turn. */
    void submit(String promotionId) {
        executor.execute(() -> run(promotionId));
    }

    void run(String promotionId) {
        PromotionRequest p = transitions.find(promotionId).orElse(null);
        if (p == null || p.status() != PromotionStatus.APPROVED) {
            return;
        }
        var holder = leases.tryAcquire(p.app(), p.toStage(), p.id());
        if (holder.isPresent()) {
            log.info("promotion {} waits for {} to finish in {} {}", p.id(), holder.get(), p.app(), p.toStage());
            return;
        }
        boolean claimed = false;
        try {
            claimed = execute(p);
        } catch (RuntimeException e) {
            claimed = true;
            String ref = Ids.errorReference();
            log.error("promotion {} failed unexpectedly (ref {})", p.id(), ref, e);
            failQuietly(p.id(), "something went wrong (ref " + ref + ")");
        } finally {
            // Only the run that claimed the promotion gives the stage back; a run that lost the
            // claim must not release the lease the winner is running under.
            if (claimed) {
                leases.release(p.app(), p.toStage(), p.id());
                startNext(p.app(), p.toStage());
            }
        }
    }

    private void startNext(String app, String stage) {
        List<PromotionRequest> waiting = queries.inStatus(app, stage, PromotionStatus.APPROVED);
        if (!waiting.isEmpty()) {
            submit(waiting.getFirst().id());
        }
    }

    /** Runs the promotion if this thread claims it; returns whether it did. */
    private boolean execute(PromotionRequest p) {
        Stage stage = config.app(p.app()).flatMap(a -> a.stage(p.toStage())).orElse(null);
        String blocked = stage == null ? p.app() + " " + p.toStage() + " is no longer in the pipelines config" : blockedReason(stage, p);
        if (blocked != null) {
            p.fail(blocked, clock.instant());
            return saveClaim(p);
        }
        if (p.kind() == PromotionKind.SUNSET) {
            p.startDeploy(clock.instant());
            if (!saveClaim(p)) {
                return false;
            }
            sunset(p, stage);
            return true;
        }
        p.startCopy(clock.instant());
        if (!saveClaim(p)) {
            return false;
        }
        promote(p, stage);
        return true;
    }

    /** Saves the move out of APPROVED; false when another runner (or replica) claimed it first. */
    private boolean saveClaim(PromotionRequest p) {
        try {
            transitions.save(p);
            return true;
        } catch (PromotionStore.ConcurrentChange e) {
            log.info("promotion {} was claimed by another runner", p.id());
            return false;
        }
    }

    private String blockedReason(Stage stage, PromotionRequest p) {
        var lock = locks.find(p.app(), stage.name());
        if (lock.isPresent()) {
            return p.app() + " " + stage.name() + " was locked by " + lock.get().holder()
                    + (lock.get().reason() != null ? " (" + lock.get().reason() + ")" : "") + " before this could run";
        }
        return stage.frozenAt(clock.instant())
                .map(w -> p.app() + " " + stage.name() + " is frozen (" + w + ") until " + w.endText())
                .orElse(null);
    }

    private void promote(PromotionRequest p, Stage stage) {
        try {
            steps.run(p, "copy", p.source().withDigest(p.digest()) + " → " + p.target(),
                    progress -> registry.copy(p.source().withDigest(p.digest()), p.target(), progress));
        } catch (StepFailure e) {
            finishFailed(p, e.getMessage());
            return;
        }
        if (stage.publishesOnly()) {
            succeed(p, "published " + p.target() + " = " + p.digest().shortForm());
            return;
        }
        deployAndVerify(p, stage, null);
    }

    /**
     * Deploys and watches the rollout, rolling back when it fails. {@code previousImage}, when
     * given, is what to roll back to (after a restart the workload may already run the new image).
     */
    private void deployAndVerify(PromotionRequest p, Stage stage, String previousImage) {
        ImageRef pinned = p.target().withDigest(p.digest());
        Deployer.Rollout applied;
        try {
            if (p.status() == PromotionStatus.COPYING) {
                p.startDeploy(clock.instant());
                transitions.save(p);
            }
            var context = new Deployer.DeployContext(p.id(), p.requestedBy(), p.approvers(), checkpoints.checkpoint(p, () -> transitions.save(p)));
            applied = steps.run(p, "deploy", "set " + stage.deploy() + " to " + pinned,
                    progress -> deployer.apply(stage.deploy(), pinned, context, progress),
                    r -> "applied " + stage.deploy().strategy().describe());
        } catch (StepFailure e) {
            finishFailed(p, e.getMessage());
            return;
        }
        Deployer.Rollout rollout = previousImage == null ? applied
                : new Deployer.Rollout(applied.target(), previousImage, applied.newImage(), applied.generation());
        if (p.status() == PromotionStatus.DEPLOYING) {
            p.startVerify(clock.instant());
            transitions.save(p);
        }
        try {
            steps.run(p, "verify", "watching the rollout", progress -> {
                deployer.awaitRollout(rollout, progress);
                return "rollout complete";
            });
        } catch (StepFailure failure) {
            rollBack(p, rollout, failure.getMessage());
            return;
        }
        succeed(p, "deployed " + p.digest().shortForm() + " to " + stage.deploy());
    }

    /**
     * Carries on with a promotion whose process stopped while it ran (this process adopted its
     * lease). Steps that are safe to repeat are repeated: the copy, a rolling deployment and its
     * watch, a sunset. A canary or blue-green rollout in an unknown state is failed with the
     * reason instead, so that no card stays "running" forever.
     */
    void resume(String promotionId) {
        executor.execute(() -> {
            PromotionRequest p = transitions.find(promotionId).orElse(null);
            if (p == null) {
                return;
            }
            boolean ours = true;
            try {
                if (p.status() == PromotionStatus.APPROVED) {
                    ours = execute(p);
                } else if (p.status().isRunning()) {
                    carryOn(p);
                }
            } catch (RuntimeException e) {
                String ref = Ids.errorReference();
                log.error("promotion {} failed unexpectedly while resuming (ref {})", p.id(), ref, e);
                failQuietly(p.id(), "something went wrong (ref " + ref + ")");
            } finally {
                if (ours) {
                    leases.release(p.app(), p.toStage(), p.id());
                    startNext(p.app(), p.toStage());
                }
            }
        });
    }

    private void carryOn(PromotionRequest p) {
        Instant now = clock.instant();
        p.steps().stream().filter(s -> s.state() == Step.State.RUNNING)
                .forEach(s -> p.stepFailed(s.name(), "interrupted: Signoff stopped while this ran", now));
        transitions.save(p);
        Stage stage = config.app(p.app()).flatMap(a -> a.stage(p.toStage())).orElse(null);
        if (stage == null) {
            finishFailed(p, p.app() + " " + p.toStage() + " is no longer in the pipelines config");
        } else if (p.kind() == PromotionKind.SUNSET) {
            sunset(p, stage);
        } else if (p.status() == PromotionStatus.COPYING) {
            promote(p, stage);
        } else if (stage.deploy() != null && stage.deploy().strategy() instanceof Strategy.Rolling) {
            deployAndVerify(p, stage, p.plan() != null ? p.plan().current() : null);
        } else {
            finishFailed(p, "Signoff stopped during the " + (stage.deploy() != null ? stage.deploy().strategy().describe() : "")
                    + " rollout of " + (stage.deploy() != null ? stage.deploy() : stage.name())
                    + ", so its state is unknown: check it, then roll back or promote again");
        }
    }

    private void rollBack(PromotionRequest p, Deployer.Rollout rollout, String reason) {
        if (rollout.previousImage() == null) {
            finishFailed(p, reason + "; nothing ran before, so there was nothing to roll back to");
            return;
        }
        try {
            steps.run(p, "rollback", "putting back " + rollout.previousImage(), progress -> {
                deployer.rollback(rollout, progress);
                return "rolled back to " + rollout.previousImage();
            });
            p.rollBack(reason + "; rolled back to " + rollout.previousImage(), clock.instant());
            transitions.save(p);
        } catch (StepFailure e) {
            finishFailed(p, reason + "; the rollback failed too: " + e.getMessage());
        }
    }

    private void sunset(PromotionRequest p, Stage stage) {
        try {
            if (!stage.publishesOnly()) {
                steps.run(p, "decommission", "scale " + stage.deploy().workload() + " to zero and remove its exposure",
                        progress -> decommissioner.decommission(stage.deploy(), progress));
            }
            steps.run(p, "delete tag", "delete " + stage.image(), progress -> {
                registry.deleteTag(stage.image());
                return "deleted " + stage.image();
            });
        } catch (StepFailure e) {
            finishFailed(p, e.getMessage());
            return;
        }
        succeed(p, p.app() + " is sunset in " + stage.name());
    }

    private void succeed(PromotionRequest p, String detail) {
        Instant now = clock.instant();
        // What runs in the stage is recorded before the promotion shows as done, so that anyone
        // acting on "done" (the next promotion, a soak gate) sees the new digest.
        String by = p.approvers().isEmpty() ? p.requestedBy() : String.join(", ", p.approvers());
        deployments.record(new StageDeployment(p.app(), p.toStage(), p.digest(), p.kind(), p.id(), by, now));
        p.succeed(detail, now);
        transitions.save(p);
        voidCardsFromStage(p);
    }

    /** Cards waiting to take this stage's old image onward are void: the stage's tag has moved. */
    private void voidCardsFromStage(PromotionRequest p) {
        config.app(p.app()).flatMap(a -> a.stage(p.toStage()).flatMap(a::next)).ifPresent(next ->
                queries.inStatus(p.app(), next.name(), PromotionStatus.PENDING_APPROVAL).stream()
                        .filter(waiting -> waiting.kind() == PromotionKind.PROMOTE && waiting.source().equals(p.target()))
                        .filter(waiting -> !waiting.digest().equals(p.digest()))
                        .forEach(waiting -> voting.sourceMoved(waiting.id(), p.digest())));
    }

    private void finishFailed(PromotionRequest p, String reason) {
        p.fail(reason, clock.instant());
        transitions.save(p);
    }

    private void failQuietly(String id, String reason) {
        try {
            transitions.find(id).filter(p -> !p.status().isTerminal()).ifPresent(p -> {
                p.currentStep().filter(s -> s.state() == Step.State.RUNNING)
                        .ifPresent(s -> p.stepFailed(s.name(), reason, clock.instant()));
                p.fail(reason, clock.instant());
                transitions.save(p);
            });
        } catch (RuntimeException e) {
            log.error("could not record the failure of promotion {}", id, e);
        }
    }
}
