package dev.signoff.ci.spi;

import java.time.Instant;

/**
 * A notification Signoff accepted: who sent it ({@code source}), the sender's id for it (or the
 * sha256 of the body where the sender gives none), the apps it is about, what it names, and the
 * work it asks for ({@code work}: the builds as JSON), kept until the work is finished.
 */
public record HookDelivery(String source, String deliveryId, String apps, String kind, String image, String commit,
                           Instant receivedAt, String work) {
}
