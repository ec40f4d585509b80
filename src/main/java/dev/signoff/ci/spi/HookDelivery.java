package dev.signoff.ci.spi;

import java.time.Instant;

/**
 * A notification Signoff accepted: who sent it ({@code source}), the sender's id for it (or the
 * sha256 of the body where the sender gives none), the apps it is about, and what it names.
 */
public record HookDelivery(String source, String deliveryId, String apps, String kind, String image, String commit,
                           Instant receivedAt) {
}
