package dev.signoff.promotion.events;

import dev.signoff.promotion.Step;

/** A step started, moved on, finished or failed. */
public record StepProgressed(String promotionId, String app, String stage, String step, Step.State state, String detail)
        implements PromotionEvent {
}
