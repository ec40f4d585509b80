package dev.signoff.promotion;

import java.util.Set;

/**
 * Where a promotion stands: its status, the reason given for it, and the guard every transition
 * passes, which refuses an illegal move with a sentence naming the promotion, its status and the
 * statuses the move needs. Part of the aggregate: only the aggregate moves it.
 */
final class Lifecycle {
    private final String promotionId;
    private PromotionStatus status;
    private String reason;

    Lifecycle(String promotionId, PromotionStatus status, String reason) {
        this.promotionId = promotionId;
        this.status = status;
        this.reason = reason;
    }

    PromotionStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }

    /** Moves to {@code next} from one of {@code from}; {@code what} names the move in the refusal. */
    void move(String what, Set<PromotionStatus> from, PromotionStatus next, String why) {
        require(what, from);
        moveTo(next, why);
    }

    /** Moves to {@code next}, a move its caller has checked. */
    void moveTo(PromotionStatus next, String why) {
        status = next;
        reason = why;
    }

    void require(String what, Set<PromotionStatus> allowed) {
        if (!allowed.contains(status)) {
            throw new IllegalStateException("Promotion " + promotionId + " cannot " + what + ": it is " + status.words()
                    + ", and only a promotion that is " + String.join(" or ", allowed.stream().map(PromotionStatus::words).toList())
                    + " can.");
        }
    }

    /** Withdrawing it is still possible: it has not started running. */
    boolean canBeCancelled() {
        return status == PromotionStatus.PENDING_APPROVAL || status == PromotionStatus.APPROVED;
    }
}
