package dev.signoff.promotion;

/**
 * Continue and Abort for a promotion once it is approved, pressed by its requester or one of its
 * approvers. Continue (or Abort) at a checkpoint reaches the waiting rollout on this replica at
 * once, or through the store on the replica that runs it. Abort ends a promotion that has not
 * started at once; a running one stops at its next check and has its finished steps undone.
 * Refuses in words ({@link Refusal}); the caller audits the refusals.
 */
final class RunControl {
    private final Approvers approvers;
    private final Voting voting;
    private final Transitions transitions;
    private final Checkpoints checkpoints;
    private final Aborts aborts;

    RunControl(Approvers approvers, Voting voting, Transitions transitions, Checkpoints checkpoints, Aborts aborts) {
        this.approvers = approvers;
        this.voting = voting;
        this.transitions = transitions;
        this.checkpoints = checkpoints;
        this.aborts = aborts;
    }

    /** Continue (or, with {@code proceed} false, abort) a rollout waiting at a checkpoint. */
    PromotionRequest resume(String person, String promotionId, boolean proceed) {
        PromotionRequest p = loadFor(person, promotionId, proceed ? "continue" : "abort");
        if (!checkpoints.signal(promotionId, proceed, person)) {
            if (!p.isPaused()) {
                throw new Refusal("Promotion " + promotionId + " is not waiting at a pause (it is " + p.status().words() + ").");
            }
            checkpoints.signalElsewhere(promotionId, proceed, person);
        }
        transitions.audit(person, proceed ? "continue" : "abort", p.app(), p.toStage(), p.digest().toString(), "ok", promotionId);
        return p;
    }

    /** Stops an approved promotion; returns it as it stands after the request. */
    PromotionRequest abort(String person, String promotionId, String reason) {
        PromotionRequest p = loadFor(person, promotionId, "abort");
        if (p.status().isTerminal()) {
            throw new Refusal("Promotion " + promotionId + " has already finished: it is " + p.status().words()
                    + (p.statusReason() != null ? " (" + p.statusReason() + ")" : "") + ".");
        }
        if (p.status() == PromotionStatus.PENDING_APPROVAL) {
            throw new Refusal("Promotion " + promotionId + " has not started, so there is nothing to abort; withdraw it with /signoff cancel "
                    + promotionId + ".");
        }
        var already = aborts.requested(promotionId);
        if (already.isPresent()) {
            throw new Refusal("Promotion " + promotionId + " is already being aborted (" + Aborts.words(already.get()) + ").");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (p.status() == PromotionStatus.APPROVED && voting.abortUnstarted(promotionId, person, why)) {
            aborts.forget(promotionId);
            return transitions.load(promotionId);
        }
        aborts.request(promotionId, person, why);
        transitions.audit(person, "abort", p.app(), p.toStage(), p.digest().toString(), "requested", promotionId
                + (why != null ? ": " + why : ""));
        return transitions.load(promotionId);
    }

    /** Whether the promotion's rollout waits at a checkpoint for Continue or Abort. */
    boolean isPaused(String promotionId) {
        return checkpoints.isWaiting(promotionId);
    }

    /** The promotion, when {@code person} asked for it or may approve it; {@code verb} is what they want to do. */
    private PromotionRequest loadFor(String person, String promotionId, String verb) {
        PromotionRequest p = transitions.load(promotionId);
        Eligibility eligibility = approvers.ofRequesterOrApprover(p, voting.policyOf(p), person);
        if (!eligibility.isApprover()) {
            throw eligibility.refusal("Only " + p.requestedBy() + ", who asked for promotion " + promotionId
                    + ", or one of its approvers can " + verb + " it.");
        }
        return p;
    }
}
