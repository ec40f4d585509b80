package dev.signoff.promotion;

import java.util.Set;

/**
 * Where a promotion is: {@code PENDING_APPROVAL → APPROVED → RUNNING → SUCCEEDED}, or one of the
 * other ends: REJECTED, EXPIRED, CANCELLED, ABORTED (stopped by a person once approved), FAILED, ROLLED_BACK. While RUNNING, the promotion's
 * running step says which step of the stage's plan it is in ({@link PromotionRequest#runningStep()}).
 */
public enum PromotionStatus {
    PENDING_APPROVAL, APPROVED, RUNNING, SUCCEEDED,
    REJECTED, EXPIRED, CANCELLED, ABORTED, FAILED, ROLLED_BACK;

    private static final Set<PromotionStatus> TERMINAL = Set.of(SUCCEEDED, REJECTED, EXPIRED, CANCELLED, ABORTED, FAILED, ROLLED_BACK);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** The stage's steps are being carried out. */
    public boolean isRunning() {
        return this == RUNNING;
    }

    /** Lowercase words for people: "pending approval", "rolled back". */
    public String words() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
