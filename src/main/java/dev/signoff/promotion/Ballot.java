package dev.signoff.promotion;

import dev.signoff.promotion.events.VoteCast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The votes on one promotion, how many approvals it needs and until when, and the rules a vote must
 * pass: the promotion still waits and has not expired, the vote is for the digest the card showed,
 * one per person, by an approver, and not by the requester where the stage wants someone else. Only
 * approvals given for the promotion's digest count. Part of the aggregate, reached only through it;
 * the aggregate makes the decision a vote completes.
 */
final class Ballot {
    private final PromotionRequest promotion;
    private final int required;
    private final Instant expiresAt;
    private final List<Vote> votes;
    private final Journal journal;

    /** {@code expiresAt}: when the promotion stops waiting for votes; null for never. */
    Ballot(PromotionRequest promotion, int required, Instant expiresAt, List<Vote> votes, Journal journal) {
        this.promotion = promotion;
        this.required = required;
        this.expiresAt = expiresAt;
        this.votes = new ArrayList<>(votes);
        this.journal = journal;
    }

    /** Why {@code person}'s vote would be refused now, or empty when it would count; changes nothing. */
    Optional<Refusal> refusal(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        String id = promotion.id();
        if (promotion.status() != PromotionStatus.PENDING_APPROVAL) {
            return Optional.of(new Refusal("Promotion " + id + " is no longer waiting for approval: it is " + promotion.status().words()
                    + (promotion.statusReason() != null ? " (" + promotion.statusReason() + ")" : "") + "."));
        }
        if (isExpiredAt(now)) {
            return Optional.of(new Refusal("Promotion " + id + " has expired; ask for it again with /signoff promote " + promotion.app()
                    + " to " + promotion.toStage() + "."));
        }
        if (seen != null && !seen.equals(promotion.digest())) {
            return Optional.of(new Refusal("This card was for " + seen.shortForm() + " but promotion " + id + " is for "
                    + promotion.digest().shortForm() + "; your vote was not counted."));
        }
        if (hasVoted(person)) {
            return Optional.of(new Refusal("You have already voted on promotion " + id + "."));
        }
        if (!eligibility.isApprover()) {
            return Optional.of(eligibility.refusal("You are not an approver for " + promotion.app() + " → " + promotion.toStage()
                    + "; approvers are " + String.join(", ", policy.approvers()) + "."));
        }
        if (!policy.selfApproval() && person.equals(promotion.requestedBy())) {
            return Optional.of(new Refusal("You asked for this promotion, and " + promotion.toStage()
                    + " needs someone else to approve it."));
        }
        return Optional.empty();
    }

    /**
     * Counts {@code person}'s approval, or refuses changing nothing (see {@link #refusal}).
     * Returns true when the approvals that count reach the number required.
     */
    boolean approve(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        check(person, seen, policy, eligibility, now);
        votes.add(new Vote(person, Vote.Decision.APPROVE, promotion.digest(), null, now));
        int approvals = approvals();
        journal.record(new VoteCast(promotion.id(), promotion.app(), promotion.toStage(), person, approvals, required),
                person, "vote", "ok", "approved (" + approvals + " of " + required + ")", now);
        return approvals >= required;
    }

    /** Keeps {@code person}'s rejection with its reason, which is required; or refuses changing nothing. */
    void reject(String person, String reason, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new Refusal("A reject needs a reason, so the requester knows what to fix.");
        }
        check(person, seen, policy, eligibility, now);
        votes.add(new Vote(person, Vote.Decision.REJECT, promotion.digest(), reason.strip(), now));
    }

    private void check(String person, Digest seen, ApprovalPolicy policy, Eligibility eligibility, Instant now) {
        refusal(person, seen, policy, eligibility, now).ifPresent(refusal -> {
            throw refusal;
        });
    }

    int required() {
        return required;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** Still waiting at {@code now}, past its expiry. */
    boolean isExpiredAt(Instant now) {
        return promotion.status() == PromotionStatus.PENDING_APPROVAL && expiresAt != null && !now.isBefore(expiresAt);
    }

    boolean hasVoted(String person) {
        return votes.stream().anyMatch(v -> v.person().equals(person));
    }

    boolean isApprovedBy(String person) {
        return votes.stream().anyMatch(v -> v.person().equals(person) && v.approves() && v.digest().equals(promotion.digest()));
    }

    int approvals() {
        return (int) votes.stream().filter(v -> v.approves() && v.digest().equals(promotion.digest())).count();
    }

    List<String> approvers() {
        return votes.stream().filter(Vote::approves).map(Vote::person).toList();
    }

    Optional<Vote> rejection() {
        return votes.stream().filter(v -> !v.approves()).findFirst();
    }

    List<Vote> list() {
        return List.copyOf(votes);
    }
}
