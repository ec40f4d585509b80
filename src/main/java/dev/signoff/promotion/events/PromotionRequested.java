package dev.signoff.promotion.events;

/** A promotion was asked for and is waiting for approval (or approved at once). */
public record PromotionRequested(String promotionId, String app, String stage, String digest, String requestedBy)
        implements PromotionEvent {
}
