package dev.signoff.promotion;

import java.util.Set;

/**
 * Where a promotion is: {@code PENDING_APPROVAL → APPROVED → COPYING → DEPLOYING → VERIFYING →
 * SUCCEEDED}, or one of the other ends: REJECTED, EXPIRED, CANCELLED, FAILED, ROLLED_BACK.
 */
public enum PromotionStatus {
    PENDING_APPROVAL, APPROVED, COPYING, DEPLOYING, VERIFYING, SUCCEEDED,
    REJECTED, EXPIRED, CANCELLED, FAILED, ROLLED_BACK;

    private static final Set<PromotionStatus> TERMINAL = Set.of(SUCCEEDED, REJECTED, EXPIRED, CANCELLED, FAILED, ROLLED_BACK);
    private static final Set<PromotionStatus> RUNNING = Set.of(COPYING, DEPLOYING, VERIFYING);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Steps are being carried out (copy, deploy or verify). */
    public boolean isRunning() {
        return RUNNING.contains(this);
    }

    /** Lowercase words for people: "pending approval", "rolled back". */
    public String words() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
