package dev.signoff.promotion;

import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.ReleaseStore;
import dev.signoff.promotion.spi.StageLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Who runs next in a stage. Promotions and sunsets into one stage run one after the other under
 * a database lease (so the rule holds across replicas); a promotion runs once, because the move
 * out of APPROVED is saved under the store's version check. Whoever holds the lease gives it back
 * in one place, the {@code finally} of {@link #hold}, and starts the next approved promotion.
 * Members of a release are not started here: their release runs them in order ({@link #runNow}).
 */
@Component
class StageQueue {
    private static final Logger log = LoggerFactory.getLogger(StageQueue.class);

    private final PipelineConfig config;
    private final Transitions transitions;
    private final PromotionQueries queries;
    private final StageLeases leases;
    private final StageGuard guard;
    private final PromotionRunner runner;
    private final Executor executor;
    private final ReleaseStore releases;
    private final Clock clock;

    StageQueue(PipelineConfig config, Transitions transitions, PromotionQueries queries, StageLeases leases,
               StageGuard guard, PromotionRunner runner, Executor promotionExecutor, ReleaseStore releases, Clock clock) {
        this.config = config;
        this.transitions = transitions;
        this.queries = queries;
        this.leases = leases;
        this.guard = guard;
        this.runner = runner;
        this.executor = promotionExecutor;
        this.releases = releases;
        this.clock = clock;
    }

    /** Runs the promotion in the background if it is approved and its stage is free; otherwise it waits its turn. */
    void submit(String promotionId) {
        executor.execute(() -> turn(promotionId, false));
    }

    /**
     * Carries on with a promotion whose process stopped while it ran; this process has adopted its
     * lease. It goes on at its first unfinished step.
     */
    void resume(String promotionId) {
        executor.execute(() -> turn(promotionId, true));
    }

    private void turn(String promotionId, boolean adopted) {
        PromotionRequest p = transitions.find(promotionId).orElse(null);
        if (p == null || !adopted && (p.status() != PromotionStatus.APPROVED || releases.releaseOf(p.id()).isPresent())) {
            return;
        }
        if (!adopted) {
            var holder = leases.tryAcquire(p.app(), p.toStage(), p.id());
            if (holder.isPresent()) {
                log.info("promotion {} waits for {} to finish in {} {}", p.id(), holder.get(), p.app(), p.toStage());
                return;
            }
        }
        hold(p, adopted);
    }

    /**
     * Runs an approved member of a release in this thread, once its stage is free, and returns when
     * it has ended. A stage still busy after {@code patience} fails the member, saying with what.
     */
    void runNow(String promotionId, Duration patience) {
        PromotionRequest p = transitions.load(promotionId);
        long giveUp = System.nanoTime() + patience.toNanos();
        for (var holder = leases.tryAcquire(p.app(), p.toStage(), p.id()); holder.isPresent();
             holder = leases.tryAcquire(p.app(), p.toStage(), p.id())) {
            if (System.nanoTime() - giveUp > 0) {
                runner.fail(p, p.app() + " " + p.toStage() + " was still busy with promotion " + holder.get() + " after "
                        + Durations.format(patience) + ", so this did not run");
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runner.fail(p, "Signoff stopped while this waited for " + p.app() + " " + p.toStage());
                return;
            }
        }
        PromotionRequest now = transitions.load(promotionId);
        if (now.status() != PromotionStatus.APPROVED) {
            if (now.status().isTerminal()) { // one that runs (resumed after a crash) keeps the lease it runs under
                leases.release(now.app(), now.toStage(), now.id());
            }
            return;
        }
        hold(now, false);
    }

    /** Runs {@code p} under the stage's lease, which this thread holds (or adopted), and gives the lease back. */
    private void hold(PromotionRequest p, boolean adopted) {
        // Only a turn that holds the lease gives it back: one that lost the claim must not
        // release the lease the winner runs under.
        boolean holding = adopted;
        try {
            if (p.status() == PromotionStatus.APPROVED) {
                holding = claimAndRun(p);
            } else if (p.status().isRunning()) {
                carryOn(p);
            }
        } catch (RuntimeException e) {
            holding = true;
            String ref = Ids.errorReference();
            log.error("promotion {} failed unexpectedly (ref {})", p.id(), ref, e);
            failQuietly(p.id(), "something went wrong (ref " + ref + ")");
        } finally {
            if (holding) {
                leases.release(p.app(), p.toStage(), p.id());
                startNext(p.app(), p.toStage());
            }
        }
    }

    /** Claims the approved promotion and runs it; returns whether this turn claimed it. */
    private boolean claimAndRun(PromotionRequest p) {
        Stage stage = config.stage(p.app(), p.toStage()).orElse(null);
        String blocked = stage == null ? gone(p)
                : guard.blocked(p.app(), stage, p.isBreakGlass()).map(b -> b.reason() + ", so this did not run").orElse(null);
        if (blocked != null) {
            p.fail(blocked, clock.instant());
            return saveClaim(p);
        }
        p.start(clock.instant());
        if (!saveClaim(p)) {
            return false;
        }
        runner.run(p, stage);
        return true;
    }

    private void carryOn(PromotionRequest p) {
        p.failRunningSteps("interrupted: Signoff stopped while this ran", clock.instant());
        transitions.save(p);
        config.stage(p.app(), p.toStage()).ifPresentOrElse(stage -> runner.run(p, stage), () -> runner.fail(p, gone(p)));
    }

    private static String gone(PromotionRequest p) {
        return p.app() + " " + p.toStage() + " is no longer in the pipelines config";
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

    /** Starts the first approved promotion waiting for the stage, if any (release members wait for their release). */
    void startNext(String app, String stage) {
        List<PromotionRequest> waiting = queries.inStatus(app, stage, PromotionStatus.APPROVED).stream()
                .filter(p -> releases.releaseOf(p.id()).isEmpty()).toList();
        if (!waiting.isEmpty()) {
            submit(waiting.getFirst().id());
        }
    }

    private void failQuietly(String id, String reason) {
        try {
            transitions.find(id).filter(p -> !p.status().isTerminal()).ifPresent(p -> {
                if (p.status().isRunning()) {
                    p.failRunningSteps(reason, clock.instant());
                }
                runner.fail(p, reason);
            });
        } catch (RuntimeException e) {
            log.error("could not record the failure of promotion {}", id, e);
        }
    }
}
