package dev.signoff.promotion;

import dev.signoff.promotion.events.StageLockChanged;
import dev.signoff.promotion.spi.Builds;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.GitOpsPlanner;
import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.ReleaseStore;
import dev.signoff.promotion.spi.StageLocks;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What people ask Signoff to do, whatever the chat platform: promote, vote, roll back, continue or
 * abort ({@link RunControl}), lock, sunset, and the questions status and history. User-fixable
 * problems are {@link Refusal}s; every refusal is written to the audit log.
 */
@Service
public class Promotions {
    private final PipelineConfig config;
    private final PromotionFactory factory;
    private final Voting voting;
    private final PromotionQueries queries;
    private final StageLocks locks;
    private final Deployments deployments;
    private final Builds builds;
    private final StageQueue queue;
    private final Transitions transitions;
    private final RunControl runs;
    private final GitOpsPlanner gitops;
    private final ReleaseStore releases;
    private final Clock clock;

    Promotions(PipelineConfig config, Approvers approvers, PromotionFactory factory, Voting voting, PromotionQueries queries,
               StageLocks locks, Deployments deployments, Builds builds, StageQueue queue, Transitions transitions,
               Checkpoints checkpoints, Aborts aborts, GitOpsPlanner gitops, ReleaseStore releases, Clock clock) {
        this.config = config;
        this.factory = factory;
        this.voting = voting;
        this.queries = queries;
        this.locks = locks;
        this.deployments = deployments;
        this.builds = builds;
        this.queue = queue;
        this.transitions = transitions;
        this.runs = new RunControl(approvers, voting, transitions, checkpoints, aborts);
        this.gitops = gitops;
        this.releases = releases;
        this.clock = clock;
    }

    public PipelineConfig config() {
        return config;
    }

    /** {@code /signoff promote <app> [<tag>|<digest>] to <stage>}. */
    public PromotionRequest promote(String person, String app, String reference, String stage) {
        return promote(person, app, reference, stage, null);
    }

    /**
     * {@code /signoff promote <app> [<tag>|<digest>] to <stage> break-glass <reason>} when
     * {@code breakGlassReason} is not null: through the stage's freeze, under its break-glass policy.
     */
    public PromotionRequest promote(String person, String app, String reference, String stage, String breakGlassReason) {
        return refusalsAudited(person, breakGlassReason == null ? "request" : "break-glass", app, stage, () -> {
            PromotionRequest p = factory.promotion(person, app, reference, stage, breakGlassReason);
            return start(p);
        });
    }

    /** {@code /signoff rollback <app> <stage> [to <digest>]}: an earlier successful digest, approved like a promotion. */
    public PromotionRequest rollback(String person, String app, String stage, String digest) {
        return refusalsAudited(person, "rollback", app, stage, () -> start(factory.rollback(person, app, stage, digest)));
    }

    /** {@code /signoff sunset <app> <stage>}: decommission, approved like a promotion. */
    public PromotionRequest sunset(String person, String app, String stage) {
        return refusalsAudited(person, "sunset", app, stage, () -> start(factory.sunset(person, app, stage)));
    }

    private PromotionRequest start(PromotionRequest p) {
        transitions.save(p);
        voting.supersede(p);
        if (p.status() == PromotionStatus.APPROVED) {
            queue.submit(p.id());
        }
        return p;
    }

    /** An approval; returns the promotion as it stands after the vote. */
    public PromotionRequest approve(String person, String promotionId, Digest seen) {
        return refusalsAudited(person, "vote", null, null, () -> {
            refuseReleaseMember(promotionId);
            PromotionRequest p = voting.approve(person, promotionId, seen);
            if (p.status() == PromotionStatus.APPROVED) {
                queue.submit(p.id());
            }
            return p;
        });
    }

    /** Why {@code person}'s approval of {@code promotionId} would be refused now, or empty when it would count; changes nothing. */
    public Optional<Refusal> approvalRefusal(String person, String promotionId, Digest seen) {
        Optional<Refusal> member = releaseMember(promotionId);
        return member.isPresent() ? member : voting.approvalRefusal(person, promotionId, seen);
    }

    public PromotionRequest reject(String person, String promotionId, String reason, Digest seen) {
        return refusalsAudited(person, "reject", null, null, () -> {
            refuseReleaseMember(promotionId);
            return voting.reject(person, promotionId, reason, seen);
        });
    }

    /** The requester (or anyone who may approve) withdraws a promotion that has not started. */
    public PromotionRequest cancel(String person, String promotionId) {
        return refusalsAudited(person, "cancel", null, null, () -> {
            refuseReleaseMember(promotionId);
            return voting.cancel(person, promotionId);
        });
    }

    /** A release's member is voted on, and withdrawn, only as part of its release. */
    private void refuseReleaseMember(String promotionId) {
        releaseMember(promotionId).ifPresent(refusal -> {
            throw refusal;
        });
    }

    private Optional<Refusal> releaseMember(String promotionId) {
        return releases.releaseOf(promotionId).map(release -> new Refusal("Promotion " + promotionId + " is part of release " + release
                + "; vote on the release's card, or /signoff approve " + release + "."));
    }

    /** Continue (or, with {@code proceed} false, abort) a rollout waiting at a checkpoint. */
    public PromotionRequest resume(String person, String promotionId, boolean proceed) {
        return refusalsAudited(person, proceed ? "continue" : "abort", null, null, () -> runs.resume(person, promotionId, proceed));
    }

    /**
     * {@code /signoff abort <promotion-id> [reason]}, and the Abort button of a running card: the
     * requester or one of the stage's approvers stops an approved promotion. One that has not
     * started ends ABORTED at once; a running one stops at its next check (within about a second,
     * on whichever replica runs it), its finished steps are undone, and it ends ABORTED. Returns
     * the promotion as it stands after the request.
     */
    public PromotionRequest abort(String person, String promotionId, String reason) {
        return refusalsAudited(person, "abort", null, null, () -> runs.abort(person, promotionId, reason));
    }

    /** Whether the promotion's rollout waits at a checkpoint for Continue or Abort. */
    public boolean isPaused(String promotionId) {
        return runs.isPaused(promotionId);
    }

    public StageLock lock(String person, String app, String stage, String reason) {
        return refusalsAudited(person, "lock", app, stage, () -> {
            config.requireStage(app, stage);
            StageLock wanted = new StageLock(app, stage, person, reason == null || reason.isBlank() ? null : reason.strip(), clock.instant());
            StageLock lock = locks.lock(wanted);
            if (!lock.equals(wanted)) {
                throw new Refusal(app + " " + stage + " is already locked by " + lock.holder()
                        + (lock.reason() != null ? " (" + lock.reason() + ")" : "") + ".");
            }
            transitions.audit(person, "lock", app, stage, null, "ok", lock.reason());
            transitions.publish(new StageLockChanged(app, stage, true, person));
            return lock;
        });
    }

    public boolean unlock(String person, String app, String stage) {
        return refusalsAudited(person, "unlock", app, stage, () -> {
            config.requireStage(app, stage);
            boolean removed = locks.unlock(app, stage);
            transitions.audit(person, "unlock", app, stage, null, removed ? "ok" : "not locked", null);
            if (removed) {
                transitions.publish(new StageLockChanged(app, stage, false, person));
            }
            return removed;
        });
    }

    public Optional<PromotionRequest> find(String promotionId) {
        return transitions.find(promotionId);
    }

    /** What runs in each stage of an app, with the stage's lock and freeze, the cards waiting and the promotions under way. */
    public AppStatus status(String app) {
        AppConfig a = config.requireApp(app);
        Instant now = clock.instant();
        List<AppStatus.StageStatus> stages = a.stages().stream().map(s -> new AppStatus.StageStatus(s,
                deployments.current(app, s.name()).orElse(null),
                s.gitDeploy().map(gitops::read).orElse(null),
                locks.find(app, s.name()).orElse(null),
                s.frozenAt(now).orElse(null),
                queries.inStatus(app, s.name(), PromotionStatus.PENDING_APPROVAL),
                underway(app, s.name()))).toList();
        return new AppStatus(a, stages);
    }

    /** Approved promotions waiting for the stage, then the one running there. */
    private List<PromotionRequest> underway(String app, String stage) {
        return java.util.stream.Stream.concat(queries.inStatus(app, stage, PromotionStatus.APPROVED).stream(),
                queries.inStatus(app, stage, PromotionStatus.RUNNING).stream()).toList();
    }

    public List<PromotionRequest> history(String app, String stage, int limit) {
        config.requireApp(app);
        if (stage != null) {
            config.requireStage(app, stage);
        }
        return queries.recent(app, stage, limit);
    }

    /** Every promotion waiting for approval, stage by stage in config order, oldest first in each. */
    public List<PromotionRequest> waiting() {
        return config.apps().values().stream().flatMap(app -> app.stages().stream()
                .flatMap(stage -> queries.inStatus(app.name(), stage.name(), PromotionStatus.PENDING_APPROVAL).stream())).toList();
    }

    /** The newest promotions of every app. */
    public List<PromotionRequest> recent(int limit) {
        return queries.recent(null, null, limit);
    }

    public List<StageDeployment> deployments(String app, String stage, int limit) {
        config.requireApp(app);
        return deployments.history(app, stage, limit);
    }

    /**
     * A build reported by CI, evidence for the {@code ci: passed} gate. A build without a digest
     * (its image was never found) is evidence for no image: it is only written to the audit log.
     */
    public void recordBuild(Build build) {
        if (build.digest() != null) {
            builds.record(build);
        }
        transitions.audit(build.source(), "build", build.app(), null, build.digest() != null ? build.digest().toString() : null,
                build.success() ? "passed" : "failed", build.commit());
    }

    /** Expires the cards whose time ran out; called on a schedule. Returns how many expired. */
    public int expireDue() {
        int n = 0;
        for (PromotionRequest p : queries.expiredBefore(clock.instant())) {
            n += voting.expire(p.id()) ? 1 : 0;
        }
        return n;
    }

    private <T> T refusalsAudited(String person, String action, String app, String stage, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (Refusal r) {
            transitions.audit(person, action, app, stage, null, "refused", r.getMessage());
            throw r;
        }
    }
}
