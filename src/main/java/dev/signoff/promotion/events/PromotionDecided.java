package dev.signoff.promotion.events;

/** The approval phase ended: {@code outcome} is APPROVED, REJECTED, EXPIRED or CANCELLED. */
public record PromotionDecided(String promotionId, String app, String stage, String outcome, String by, String reason)
        implements PromotionEvent {
}
