package dev.signoff.promotion.events;

/**
 * A build would have been promoted into the app's first stage automatically, but the promotion
 * was refused (the stage is locked or frozen, a gate is not met…); chat posts the reason.
 */
public record AutoPromotionRefused(String app, String stage, String digest, String reason) {
}
