package dev.signoff.promotion.events;

/** Someone approved; {@code approvals} of {@code required} now count. */
public record VoteCast(String promotionId, String app, String stage, String person, int approvals, int required)
        implements PromotionEvent {
}
