package dev.signoff.promotion;

import java.time.Duration;
import java.util.List;

/**
 * Who must approve a promotion into a stage: {@code required} distinct approvals from the
 * people named by {@code approvers} (people's names or {@code group:<name>}). With
 * {@code selfApproval} false the requester's own vote does not count and is refused.
 * {@code expiresAfter} is how long a card stays open (null: it does not expire). With
 * {@code confirm} a click on Approve asks "Approve promotion of …?" before the vote counts.
 */
public record ApprovalPolicy(int required, List<String> approvers, boolean selfApproval, Duration expiresAfter,
                             boolean confirm) {
    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
    }

    /** A policy that asks for a confirmation as {@link #confirmsByDefault} says. */
    public ApprovalPolicy(int required, List<String> approvers, boolean selfApproval, Duration expiresAfter) {
        this(required, approvers, selfApproval, expiresAfter, confirmsByDefault(required));
    }

    /** Whether a click on Approve is confirmed when the stage does not say: when two or more approvals are required. */
    public static boolean confirmsByDefault(int required) {
        return required >= 2;
    }

    /** {@code approval: none}: promotions run as soon as they are asked for. */
    public static ApprovalPolicy none() {
        return new ApprovalPolicy(0, List.of(), true, null);
    }

    public boolean isAutomatic() {
        return required == 0;
    }
}
