package dev.signoff.promotion.events;

/** A step started, moved on, finished or failed. */
public record StepProgressed(String promotionId, String app, String stage, String step, String state, String detail)
        implements PromotionEvent {
}
