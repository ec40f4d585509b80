package dev.signoff.promotion.events;

/**
 * Something happened to a promotion. Published after the change is stored, so a listener that
 * reloads the promotion sees it. Listeners must not assume they see every event (cards coalesce).
 */
public sealed interface PromotionEvent
        permits PromotionRequested, VoteCast, PromotionDecided, StepProgressed, PromotionFinished {
    String promotionId();

    String app();

    String stage();
}
