package dev.signoff.promotion.events;

import dev.signoff.promotion.PromotionStatus;

/** The promotion ended after running: SUCCEEDED, FAILED, ROLLED_BACK or ABORTED, with the reason. */
public record PromotionFinished(String promotionId, String app, String stage, PromotionStatus outcome, String digest, String reason)
        implements PromotionEvent {
}
