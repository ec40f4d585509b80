package dev.signoff.promotion.events;

import dev.signoff.promotion.PromotionStatus;

/** The approval phase ended: {@code outcome} is APPROVED, REJECTED, EXPIRED or CANCELLED. */
public record PromotionDecided(String promotionId, String app, String stage, PromotionStatus outcome, String by, String reason)
        implements PromotionEvent {
}
