package dev.signoff.chat.spi;

import java.time.Instant;

/**
 * What a card button stands for: an action on one promotion for one digest, until it expires.
 * The token itself is random and is all the button carries.
 */
public record ButtonToken(String token, String promotionId, String action, String digest, Instant expiresAt) {
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
