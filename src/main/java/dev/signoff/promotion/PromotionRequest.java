package dev.signoff.promotion;

import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.PromotionRequested;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.signoff.promotion.PromotionStatus.*;

/**
 * The promotion aggregate: one image (by digest) moving into one stage. Only this class changes
 * its state, one method per transition; each refuses an illegal move with a sentence that says
 * why, and records an event and an audit entry. Its parts are reached only through it: the
 * {@link Lifecycle} (status and the guard of each move), the {@link Ballot} (votes and the rules
 * a vote must pass), the {@link StepLog} (the steps as they ran) and the {@link Journal} (events
 * and audit entries not yet saved). Not thread-safe: load, change and save it under the store's
 * optimistic version check.
 */
public final class PromotionRequest {
    /** The step a rollout shows while it waits for Continue or Abort. */
    public static final String PAUSE = "pause";

    /** What was asked for; it never changes. */
    private final Draft draft;
    private final Instant requestedAt;
    private final Lifecycle lifecycle;
    private final Journal journal;
    private final Ballot ballot;
    private final StepLog steps;
    private long version;

    private PromotionRequest(Snapshot s) {
        this.draft = new Draft(s.id(), s.kind(), s.app(), s.fromStage(), s.toStage(), s.source(), s.target(),
                Objects.requireNonNull(s.digest(), "a promotion carries a digest"), s.commit(), s.requestedBy(), s.plan(),
                s.breakGlass());
        this.requestedAt = s.requestedAt();
        this.lifecycle = new Lifecycle(s.id(), s.status(), s.statusReason());
        this.journal = new Journal(this, s.updatedAt());
        this.ballot = new Ballot(this, s.requiredApprovals(), s.expiresAt(), s.votes(), journal);
        this.steps = new StepLog(this, s.steps(), journal);
        this.version = s.version();
    }

    /**
     * What a request is made of, fixed when it is opened; the policy decides whether it waits for
     * approval. {@code breakGlass}, when not null, makes it a promotion through a freeze.
     */
    public record Draft(String id, PromotionKind kind, String app, String fromStage, String toStage, ImageRef source,
                        ImageRef target, Digest digest, String commit, String requestedBy, Plan plan, BreakGlass breakGlass) {
        /** An ordinary request. */
        public Draft(String id, PromotionKind kind, String app, String fromStage, String toStage, ImageRef source,
                     ImageRef target, Digest digest, String commit, String requestedBy, Plan plan) {
            this(id, kind, app, fromStage, toStage, source, target, digest, commit, requestedBy, plan, null);
        }
    }

    /** Opens a request. With {@code approval: none} it is approved at once. */
    public static PromotionRequest open(Draft d, ApprovalPolicy policy, Instant now) {
        Instant expires = policy.expiresAfter() == null || policy.isAutomatic() ? null : now.plus(policy.expiresAfter());
        PromotionRequest p = new PromotionRequest(new Snapshot(d.id(), d.kind(), d.app(), d.fromStage(), d.toStage(),
                d.source(), d.target(), d.digest(), d.commit(), d.requestedBy(), now, expires, policy.required(),
                d.plan(), List.of(), List.of(), PENDING_APPROVAL, null, now, 0, d.breakGlass()));
        p.journal.record(new PromotionRequested(d.id(), d.app(), d.toStage(), d.digest().toString(), d.requestedBy()),
                d.requestedBy(), "request", "ok", d.kind().name().toLowerCase() + " " + d.source() + " → " + d.target(), now);
        if (d.breakGlass() != null) {
            p.journal.record(null, d.requestedBy(), "break-glass", "ok",
                    "through the freeze " + d.breakGlass().freeze() + ": " + d.breakGlass().reason(), now);
        }
        if (policy.isAutomatic()) {
            p.lifecycle.moveTo(APPROVED, null);
            p.journal.record(new PromotionDecided(d.id(), d.app(), d.toStage(), APPROVED, "signoff", "no approval required"),
                    "signoff", "approve", "ok", "no approval required", now);
        }
        return p;
    }

    public static PromotionRequest restore(Snapshot snapshot) {
        return new PromotionRequest(snapshot);
    }

    // ---- approval phase ---------------------------------------------------------------------

    /**
     * Counts {@code person}'s approval. Refuses, changing nothing, when the promotion is not
     * waiting, has expired, the digest differs from the card's, the person has already voted or
     * may not approve ({@code eligibility}, found out for this person and policy before the call).
     * Returns true when this vote completed the approval.
     */
    public boolean approve(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        if (!ballot.approve(person, seen, policy, eligibility, now)) {
            return false;
        }
        decide(APPROVED, person, null, "approve", approvals() + " of " + requiredApprovals() + " approvals", now);
        return true;
    }

    /** An approver turns the promotion down; a reason is required and shown on the card. */
    public void reject(String person, String reason, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        ballot.reject(person, reason, seen, policy, eligibility, now);
        decide(REJECTED, person, reason.strip(), "reject", reason.strip(), now);
    }

    /**
     * Why a vote by {@code person} would be refused now (no longer waiting, expired, another
     * digest, already voted, not an approver, the requester where self-approval is off), or empty
     * when it would count. Changes nothing: a platform asks it before asking its question.
     */
    public Optional<Refusal> voteRefusal(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        return ballot.refusal(person, seen, policy, eligibility, now);
    }

    /** The card stayed open past its expiry without enough approvals. */
    public void expire(Instant now) {
        lifecycle.require("expire", EnumSet.of(PENDING_APPROVAL));
        if (!isExpiredAt(now)) {
            throw new IllegalStateException("Promotion " + id() + " cannot expire before " + expiresAt() + ".");
        }
        String reason = "not approved before " + expiresAt();
        decide(EXPIRED, "signoff", reason, "expire", reason, now);
    }

    /** Withdrawn before it ran: by the requester, or because the source image moved. */
    public void cancel(String by, String reason, Instant now) {
        if (!canBeCancelled()) {
            throw new Refusal("Promotion " + id() + " is " + status().words() + " and can no longer be cancelled.");
        }
        decide(CANCELLED, by, reason, "cancel", reason, now);
    }

    /**
     * A newer request of another digest into the same stage replaces this one, still waiting:
     * its votes were for an image that is no longer the one to go.
     */
    public void supersede(PromotionRequest newer, Instant now) {
        if (status() != PENDING_APPROVAL) {
            throw new IllegalStateException("Promotion " + id() + " is " + status().words() + "; only a waiting one can be superseded.");
        }
        if (newer.digest().equals(digest()) || !newer.app().equals(app()) || !newer.toStage().equals(toStage())) {
            throw new IllegalArgumentException("Promotion " + newer.id() + " does not bring another digest to " + app() + " " + toStage() + ".");
        }
        String reason = "superseded by " + newer.id();
        decide(CANCELLED, newer.requestedBy(), reason, "supersede", reason + " (" + newer.digest().shortForm() + ")", now);
    }

    /** A decision on the request, {@code by} someone: the new status, its event and its audit entry. */
    private void decide(PromotionStatus to, String by, String reason, String action, String detail, Instant now) {
        lifecycle.moveTo(to, reason);
        journal.record(new PromotionDecided(id(), app(), toStage(), to, by, reason), by, action, "ok", detail, now);
    }

    // ---- running -----------------------------------------------------------------------------

    /** The runner claimed the approved promotion and starts its steps. */
    public void start(Instant now) {
        lifecycle.move("start", EnumSet.of(APPROVED), RUNNING, null);
        journal.record(null, "signoff", "transition", "ok", RUNNING.words(), now);
    }

    public void succeed(String detail, Instant now) {
        end("succeed", EnumSet.of(RUNNING), SUCCEEDED, detail, now);
    }

    /** The promotion could not be carried out; {@code reason} says what went wrong, for the card. */
    public void fail(String reason, Instant now) {
        end("fail", EnumSet.of(APPROVED, RUNNING), FAILED, reason, now);
    }

    /** A step failed and the finished steps were undone (the previous image put back). */
    public void rollBack(String reason, Instant now) {
        end("be rolled back", EnumSet.of(RUNNING), ROLLED_BACK, reason, now);
    }

    /**
     * Someone stopped the promotion after it was approved: before it started, or while it ran
     * (the runner has undone what it could). {@code reason} says who, why, and what was put back.
     */
    public void abort(String by, String reason, Instant now) {
        lifecycle.move("be aborted", EnumSet.of(APPROVED, RUNNING), ABORTED, reason);
        journal.record(null, by, "abort", "ok", reason, now);
        finished(reason, now);
    }

    private void end(String what, Set<PromotionStatus> from, PromotionStatus to, String reason, Instant now) {
        lifecycle.move(what, from, to, reason);
        finished(reason, now);
    }

    private void finished(String reason, Instant now) {
        journal.record(new PromotionFinished(id(), app(), toStage(), status(), digest().toString(), reason), "signoff",
                "finish", status().name().toLowerCase(), reason, now);
    }

    // ---- steps, changed only while running --------------------------------------------------

    public void stepStarted(String name, String detail, Instant now) { steps.start(name, detail, now); }
    /** Progress within the running step ("120 MB of 200 MB"); not audited, it is only for the card. */
    public void stepProgressed(String name, String detail, Instant now) { steps.progress(name, detail, now); }
    public void stepDone(String name, String detail, Instant now) { stepDone(name, detail, null, now); }
    /** The step finished, leaving {@code memo} for the steps after it and for its undo. */
    public void stepDone(String name, String detail, String memo, Instant now) { steps.end(name, Step.State.DONE, detail, memo, now); }
    public void stepFailed(String name, String detail, Instant now) { steps.end(name, Step.State.FAILED, detail, null, now); }

    /**
     * A measurement of the stage's analysis, for the audit log only (the card shows it as the
     * running step's progress): action {@code measure <query>}, outcome passed, failed or
     * inconclusive, and the figures.
     */
    public void measured(String query, String outcome, String detail, Instant now) { steps.measured(query, outcome, detail, now); }

    /**
     * Fails every step still running, innermost first: after a stopped process ("interrupted:
     * Signoff stopped while this ran"), so the run can go on at the first unfinished step, or
     * after an unexpected error.
     */
    public void failRunningSteps(String reason, Instant now) { steps.failRunning(reason, now); }

    // ---- questions ---------------------------------------------------------------------------

    public boolean isExpiredAt(Instant now) { return ballot.isExpiredAt(now); }
    public boolean hasVoted(String person) { return ballot.hasVoted(person); }
    public boolean isApprovedBy(String person) { return ballot.isApprovedBy(person); }
    /** Approvals that count: those given for this promotion's digest. */
    public int approvals() { return ballot.approvals(); }
    public List<String> approvers() { return ballot.approvers(); }
    public Optional<Vote> rejection() { return ballot.rejection(); }
    public Optional<Step> currentStep() { return steps.last(); }
    /** The step being carried out while RUNNING (the innermost one, e.g. a pause inside a deploy). */
    public Optional<Step> runningStep() { return steps.running(); }
    /** The last finished run of the named step, with what it left for the steps after it. */
    public Optional<Step> finishedStep(String name) { return steps.lastFinished(name); }
    /** The rollout waits at a pause for Continue or Abort (a running "pause" step). */
    public boolean isPaused() { return runningStep().filter(s -> s.name().equals(PAUSE)).isPresent(); }
    /** Withdrawing it is still possible: it has not started running. */
    public boolean canBeCancelled() { return lifecycle.canBeCancelled(); }

    // ---- storage -----------------------------------------------------------------------------

    /** Events recorded since the last call; the application service publishes them after saving. */
    public List<PromotionEvent> drainEvents() { return journal.drainEvents(); }
    /** Audit entries recorded since the last save; the store writes them in the same transaction. */
    public List<AuditEntry> drainAudit() { return journal.drainAudit(); }

    /** Called by the store after a successful save. */
    public void savedAs(long newVersion) {
        this.version = newVersion;
    }

    public Snapshot snapshot() {
        return new Snapshot(id(), kind(), app(), fromStage(), toStage(), source(), target(), digest(), commit(), requestedBy(),
                requestedAt, expiresAt(), requiredApprovals(), plan(), votes(), steps(), status(), statusReason(), updatedAt(),
                version, draft.breakGlass());
    }

    /** Every field, for storage; {@code version} is the optimistic lock. */
    public record Snapshot(String id, PromotionKind kind, String app, String fromStage, String toStage, ImageRef source,
                           ImageRef target, Digest digest, String commit, String requestedBy, Instant requestedAt,
                           Instant expiresAt, int requiredApprovals, Plan plan, List<Vote> votes, List<Step> steps,
                           PromotionStatus status, String statusReason, Instant updatedAt, long version,
                           BreakGlass breakGlass) {
    }

    public String id() { return draft.id(); }
    public PromotionKind kind() { return draft.kind(); }
    public String app() { return draft.app(); }
    public String fromStage() { return draft.fromStage(); }
    public String toStage() { return draft.toStage(); }
    public ImageRef source() { return draft.source(); }
    public ImageRef target() { return draft.target(); }
    public Digest digest() { return draft.digest(); }
    public String commit() { return draft.commit(); }
    public String requestedBy() { return draft.requestedBy(); }
    public Instant requestedAt() { return requestedAt; }
    public Instant expiresAt() { return ballot.expiresAt(); }
    public int requiredApprovals() { return ballot.required(); }
    public Plan plan() { return draft.plan(); }
    public List<Vote> votes() { return ballot.list(); }
    public List<Step> steps() { return steps.list(); }
    public PromotionStatus status() { return lifecycle.status(); }
    public String statusReason() { return lifecycle.reason(); }
    public Instant updatedAt() { return journal.changedAt(); }
    public long version() { return version; }
    /** Why and through which freeze, when this is a break-glass promotion. */
    public Optional<BreakGlass> breakGlass() { return Optional.ofNullable(draft.breakGlass()); }
    public boolean isBreakGlass() { return draft.breakGlass() != null; }
}
