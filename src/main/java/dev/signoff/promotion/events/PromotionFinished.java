package dev.signoff.promotion.events;

/** The promotion ended after running: SUCCEEDED, FAILED or ROLLED_BACK, with the reason. */
public record PromotionFinished(String promotionId, String app, String stage, String outcome, String digest, String reason)
        implements PromotionEvent {
}
