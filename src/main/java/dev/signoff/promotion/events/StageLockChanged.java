package dev.signoff.promotion.events;

/** Someone locked ({@code locked} true) or unlocked a stage. Not about a promotion, so not a {@link PromotionEvent}. */
public record StageLockChanged(String app, String stage, boolean locked, String by) {
}
