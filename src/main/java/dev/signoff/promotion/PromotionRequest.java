package dev.signoff.promotion;

import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.PromotionRequested;
import dev.signoff.promotion.events.StepProgressed;
import dev.signoff.promotion.events.VoteCast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.signoff.promotion.PromotionStatus.*;

/**
 * The promotion aggregate: one image (by digest) moving into one stage. Only this class changes
 * its state, one method per transition; each refuses an illegal move with a sentence that says
 * why, and records an event and an audit entry. Not thread-safe: load, change and save it under
 * the store's optimistic version check.
 */
public final class PromotionRequest {
    /** The step a rollout shows while it waits for Continue or Abort. */
    public static final String PAUSE = "pause";

    private final String id;
    private final PromotionKind kind;
    private final String app;
    private final String fromStage;
    private final String toStage;
    private final ImageRef source;
    private final ImageRef target;
    private final Digest digest;
    private final String commit;
    private final String requestedBy;
    private final Instant requestedAt;
    private final Instant expiresAt;
    private final int requiredApprovals;
    private final Plan plan;
    private final List<Vote> votes;
    private final StepLog steps;
    private final BreakGlass breakGlass;
    private PromotionStatus status;
    private String statusReason;
    private Instant updatedAt;
    private long version;

    private final List<PromotionEvent> events = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();

    private PromotionRequest(Snapshot s) {
        this.id = s.id();
        this.kind = s.kind();
        this.app = s.app();
        this.fromStage = s.fromStage();
        this.toStage = s.toStage();
        this.source = s.source();
        this.target = s.target();
        this.digest = Objects.requireNonNull(s.digest(), "a promotion carries a digest");
        this.commit = s.commit();
        this.requestedBy = s.requestedBy();
        this.requestedAt = s.requestedAt();
        this.expiresAt = s.expiresAt();
        this.requiredApprovals = s.requiredApprovals();
        this.plan = s.plan();
        this.votes = new ArrayList<>(s.votes());
        this.steps = new StepLog(s.id(), s.steps());
        this.breakGlass = s.breakGlass();
        this.status = s.status();
        this.statusReason = s.statusReason();
        this.updatedAt = s.updatedAt();
        this.version = s.version();
    }

    /**
     * What a new request is made of; the policy decides whether it waits for approval.
     * {@code breakGlass}, when not null, makes it a promotion through a freeze.
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
        p.record(new PromotionRequested(d.id(), d.app(), d.toStage(), d.digest().toString(), d.requestedBy()),
                d.requestedBy(), "request", "ok", d.kind().name().toLowerCase() + " " + d.source() + " → " + d.target(), now);
        if (d.breakGlass() != null) {
            p.record(null, d.requestedBy(), "break-glass", "ok",
                    "through the freeze " + d.breakGlass().freeze() + ": " + d.breakGlass().reason(), now);
        }
        if (policy.isAutomatic()) {
            p.moveTo(APPROVED, null, now);
            p.record(new PromotionDecided(d.id(), d.app(), d.toStage(), APPROVED, "signoff", "no approval required"),
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
        checkVote(person, seen, policy, eligibility, now);
        votes.add(new Vote(person, Vote.Decision.APPROVE, digest, null, now));
        int approvals = approvals();
        record(new VoteCast(id, app, toStage, person, approvals, requiredApprovals), person, "vote", "ok",
                "approved (" + approvals + " of " + requiredApprovals + ")", now);
        if (approvals >= requiredApprovals) {
            moveTo(APPROVED, null, now);
            record(new PromotionDecided(id, app, toStage, APPROVED, person, null), person, "approve", "ok",
                    approvals + " of " + requiredApprovals + " approvals", now);
            return true;
        }
        return false;
    }

    /** An approver turns the promotion down; a reason is required and shown on the card. */
    public void reject(String person, String reason, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new Refusal("A reject needs a reason, so the requester knows what to fix.");
        }
        checkVote(person, seen, policy, eligibility, now);
        votes.add(new Vote(person, Vote.Decision.REJECT, digest, reason.strip(), now));
        moveTo(REJECTED, reason.strip(), now);
        record(new PromotionDecided(id, app, toStage, REJECTED, person, reason.strip()), person, "reject", "ok",
                reason.strip(), now);
    }

    private void checkVote(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        Optional<Refusal> refusal = voteRefusal(person, seen, policy, eligibility, now);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * Why a vote by {@code person} would be refused now (no longer waiting, expired, another
     * digest, already voted, not an approver, the requester where self-approval is off), or empty
     * when it would count. Changes nothing: a platform asks it before asking its question.
     */
    public Optional<Refusal> voteRefusal(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        if (status != PENDING_APPROVAL) {
            return Optional.of(new Refusal("Promotion " + id + " is no longer waiting for approval: it is " + status.words()
                    + (statusReason != null ? " (" + statusReason + ")" : "") + "."));
        }
        if (isExpiredAt(now)) {
            return Optional.of(new Refusal("Promotion " + id + " has expired; ask for it again with /signoff promote " + app + " to " + toStage + "."));
        }
        if (seen != null && !seen.equals(digest)) {
            return Optional.of(new Refusal("This card was for " + seen.shortForm() + " but promotion " + id + " is for "
                    + digest.shortForm() + "; your vote was not counted."));
        }
        if (hasVoted(person)) {
            return Optional.of(new Refusal("You have already voted on promotion " + id + "."));
        }
        if (!eligibility.isApprover()) {
            return Optional.of(eligibility.refusal("You are not an approver for " + app + " → " + toStage + "; approvers are "
                    + String.join(", ", policy.approvers()) + "."));
        }
        if (!policy.selfApproval() && person.equals(requestedBy)) {
            return Optional.of(new Refusal("You asked for this promotion, and " + toStage + " needs someone else to approve it."));
        }
        return Optional.empty();
    }

    /** The card stayed open past its expiry without enough approvals. */
    public void expire(Instant now) {
        require("expire", EnumSet.of(PENDING_APPROVAL));
        if (!isExpiredAt(now)) {
            throw new IllegalStateException("Promotion " + id + " cannot expire before " + expiresAt + ".");
        }
        moveTo(EXPIRED, "not approved before " + expiresAt, now);
        record(new PromotionDecided(id, app, toStage, EXPIRED, "signoff", statusReason), "signoff", "expire", "ok",
                statusReason, now);
    }

    /** Withdrawn before it ran: by the requester, or because the source image moved. */
    public void cancel(String by, String reason, Instant now) {
        if (!canBeCancelled()) {
            throw new Refusal("Promotion " + id + " is " + status.words() + " and can no longer be cancelled.");
        }
        moveTo(CANCELLED, reason, now);
        record(new PromotionDecided(id, app, toStage, CANCELLED, by, reason), by, "cancel", "ok", reason, now);
    }

    /**
     * A newer request of another digest into the same stage replaces this one, still waiting:
     * its votes were for an image that is no longer the one to go.
     */
    public void supersede(PromotionRequest newer, Instant now) {
        if (status != PENDING_APPROVAL) {
            throw new IllegalStateException("Promotion " + id + " is " + status.words() + "; only a waiting one can be superseded.");
        }
        if (newer.digest.equals(digest) || !newer.app.equals(app) || !newer.toStage.equals(toStage)) {
            throw new IllegalArgumentException("Promotion " + newer.id + " does not bring another digest to " + app + " " + toStage + ".");
        }
        String reason = "superseded by " + newer.id;
        moveTo(CANCELLED, reason, now);
        record(new PromotionDecided(id, app, toStage, CANCELLED, newer.requestedBy, reason), newer.requestedBy, "supersede", "ok",
                reason + " (" + newer.digest.shortForm() + ")", now);
    }

    // ---- running -----------------------------------------------------------------------------

    /** The runner claimed the approved promotion and starts its steps. */
    public void start(Instant now) {
        transition("start", EnumSet.of(APPROVED), RUNNING, now);
    }

    public void succeed(String detail, Instant now) {
        transition("succeed", EnumSet.of(RUNNING), SUCCEEDED, now);
        statusReason = detail;
        finish(detail, now);
    }

    /** The promotion could not be carried out; {@code reason} says what went wrong, for the card. */
    public void fail(String reason, Instant now) {
        transition("fail", EnumSet.of(APPROVED, RUNNING), FAILED, now);
        statusReason = reason;
        finish(reason, now);
    }

    /** A step failed and the finished steps were undone (the previous image put back). */
    public void rollBack(String reason, Instant now) {
        transition("be rolled back", EnumSet.of(RUNNING), ROLLED_BACK, now);
        statusReason = reason;
        finish(reason, now);
    }

    /**
     * Someone stopped the promotion after it was approved: before it started, or while it ran
     * (the runner has undone what it could). {@code reason} says who, why, and what was put back.
     */
    public void abort(String by, String reason, Instant now) {
        transition("be aborted", EnumSet.of(APPROVED, RUNNING), ABORTED, now);
        statusReason = reason;
        record(null, by, "abort", "ok", reason, now);
        finish(reason, now);
    }

    private void finish(String reason, Instant now) {
        record(new PromotionFinished(id, app, toStage, status, digest.toString(), reason), "signoff",
                "finish", status.name().toLowerCase(), reason, now);
    }

    public void stepStarted(String name, String detail, Instant now) {
        requireRunning("start step " + name);
        steps.start(name, detail, now);
        stepEvent(name, Step.State.RUNNING, detail, now);
    }

    /** Progress within the running step ("120 MB of 200 MB"); not audited, it is only for the card. */
    public void stepProgressed(String name, String detail, Instant now) {
        requireRunning("report progress");
        steps.progress(name, detail);
        events.add(new StepProgressed(id, app, toStage, name, Step.State.RUNNING, detail));
        updatedAt = now;
    }

    public void stepDone(String name, String detail, Instant now) {
        stepDone(name, detail, null, now);
    }

    /** The step finished, leaving {@code memo} for the steps after it and for its undo. */
    public void stepDone(String name, String detail, String memo, Instant now) {
        endStep(name, Step.State.DONE, detail, memo, now);
    }

    public void stepFailed(String name, String detail, Instant now) {
        endStep(name, Step.State.FAILED, detail, null, now);
    }

    /**
     * A measurement of the stage's analysis, for the audit log only (the card shows it as the
     * running step's progress): action {@code measure <query>}, outcome passed, failed or
     * inconclusive, and the figures.
     */
    public void measured(String query, String outcome, String detail, Instant now) {
        requireRunning("record a measurement");
        record(null, "signoff", "measure " + query, outcome, detail, now);
    }

    /**
     * Fails every step still running, innermost first: after a stopped process ("interrupted:
     * Signoff stopped while this ran"), so the run can go on at the first unfinished step, or
     * after an unexpected error.
     */
    public void failRunningSteps(String reason, Instant now) {
        requireRunning("fail its running steps");
        for (String name : steps.runningNames()) {
            stepFailed(name, reason, now);
        }
    }

    private void endStep(String name, Step.State end, String detail, String memo, Instant now) {
        requireRunning("finish step " + name);
        steps.end(name, end, detail, memo, now);
        stepEvent(name, end, detail, now);
    }

    private void stepEvent(String name, Step.State state, String detail, Instant now) {
        record(new StepProgressed(id, app, toStage, name, state, detail), "signoff", "step " + name,
                state.name().toLowerCase(), detail, now);
    }

    // ---- questions ---------------------------------------------------------------------------

    public boolean isExpiredAt(Instant now) {
        return status == PENDING_APPROVAL && expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean hasVoted(String person) {
        return votes.stream().anyMatch(v -> v.person().equals(person));
    }

    public boolean isApprovedBy(String person) {
        return votes.stream().anyMatch(v -> v.person().equals(person) && v.approves() && v.digest().equals(digest));
    }

    /** Approvals that count: those given for this promotion's digest. */
    public int approvals() {
        return (int) votes.stream().filter(v -> v.approves() && v.digest().equals(digest)).count();
    }

    public List<String> approvers() {
        return votes.stream().filter(Vote::approves).map(Vote::person).toList();
    }

    public Optional<Vote> rejection() {
        return votes.stream().filter(v -> !v.approves()).findFirst();
    }

    public Optional<Step> currentStep() {
        return steps.last();
    }

    /** The step being carried out while RUNNING (the innermost one, e.g. a pause inside a deploy). */
    public Optional<Step> runningStep() {
        return status != RUNNING ? Optional.empty() : steps.innermostRunning();
    }

    /** The last finished run of the named step, with what it left for the steps after it. */
    public Optional<Step> finishedStep(String name) {
        return steps.lastFinished(name);
    }

    /** The rollout waits at a pause for Continue or Abort (a running "pause" step). */
    public boolean isPaused() {
        return runningStep().filter(s -> s.name().equals(PAUSE)).isPresent();
    }

    /** Withdrawing it is still possible: it has not started running. */
    public boolean canBeCancelled() {
        return status == PENDING_APPROVAL || status == APPROVED;
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private void transition(String what, Set<PromotionStatus> from, PromotionStatus to, Instant now) {
        require(what, from);
        moveTo(to, null, now);
        if (to.isRunning()) {
            record(null, "signoff", "transition", "ok", to.words(), now);
        }
    }

    private void require(String what, Set<PromotionStatus> allowed) {
        if (!allowed.contains(status)) {
            throw new IllegalStateException("Promotion " + id + " cannot " + what + ": it is " + status.words()
                    + ", and only a promotion that is " + String.join(" or ", allowed.stream().map(PromotionStatus::words).toList())
                    + " can.");
        }
    }

    private void requireRunning(String what) {
        if (!status.isRunning()) {
            throw new IllegalStateException("Promotion " + id + " cannot " + what + ": it is " + status.words() + ", not running.");
        }
    }

    private void moveTo(PromotionStatus next, String reason, Instant now) {
        status = next;
        statusReason = reason;
        updatedAt = now;
    }

    private void record(PromotionEvent event, String actor, String action, String outcome, String detail, Instant now) {
        if (event != null) {
            events.add(event);
        }
        audit.add(new AuditEntry(now, actor, action, app, toStage, id, digest.toString(), outcome, detail));
        updatedAt = now;
    }

    /** Events recorded since the last call; the application service publishes them after saving. */
    public List<PromotionEvent> drainEvents() {
        List<PromotionEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    /** Audit entries recorded since the last save; the store writes them in the same transaction. */
    public List<AuditEntry> drainAudit() {
        List<AuditEntry> out = List.copyOf(audit);
        audit.clear();
        return out;
    }

    /** Called by the store after a successful save. */
    public void savedAs(long newVersion) {
        this.version = newVersion;
    }

    public Snapshot snapshot() {
        return new Snapshot(id, kind, app, fromStage, toStage, source, target, digest, commit, requestedBy, requestedAt,
                expiresAt, requiredApprovals, plan, List.copyOf(votes), steps.list(), status, statusReason,
                updatedAt, version, breakGlass);
    }

    /** Every field, for storage; {@code version} is the optimistic lock. */
    public record Snapshot(String id, PromotionKind kind, String app, String fromStage, String toStage, ImageRef source,
                           ImageRef target, Digest digest, String commit, String requestedBy, Instant requestedAt,
                           Instant expiresAt, int requiredApprovals, Plan plan, List<Vote> votes, List<Step> steps,
                           PromotionStatus status, String statusReason, Instant updatedAt, long version,
                           BreakGlass breakGlass) {
    }

    public String id() { return id; }
    public PromotionKind kind() { return kind; }
    public String app() { return app; }
    public String fromStage() { return fromStage; }
    public String toStage() { return toStage; }
    public ImageRef source() { return source; }
    public ImageRef target() { return target; }
    public Digest digest() { return digest; }
    public String commit() { return commit; }
    public String requestedBy() { return requestedBy; }
    public Instant requestedAt() { return requestedAt; }
    public Instant expiresAt() { return expiresAt; }
    public int requiredApprovals() { return requiredApprovals; }
    public Plan plan() { return plan; }
    public List<Vote> votes() { return List.copyOf(votes); }
    public List<Step> steps() { return steps.list(); }
    public PromotionStatus status() { return status; }
    public String statusReason() { return statusReason; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }
    /** Why and through which freeze, when this is a break-glass promotion. */
    public java.util.Optional<BreakGlass> breakGlass() { return java.util.Optional.ofNullable(breakGlass); }
    public boolean isBreakGlass() { return breakGlass != null; }
}
