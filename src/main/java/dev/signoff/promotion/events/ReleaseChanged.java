package dev.signoff.promotion.events;

/**
 * A release was asked for ({@code requested}: its card is to be posted) or its own state changed.
 * Its members' changes come as their own {@link PromotionEvent}s. Published after the change is stored.
 */
public record ReleaseChanged(String releaseId, String name, String stage, boolean requested) {
}
