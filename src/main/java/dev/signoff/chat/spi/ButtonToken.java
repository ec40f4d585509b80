package dev.signoff.chat.spi;

import dev.signoff.chat.ButtonAction;
import dev.signoff.promotion.Digest;

import java.time.Instant;
import java.util.Objects;

/**
 * What a card button stands for: an action on one promotion for one digest, until it expires
 * ({@code expiresAt} null: never). The token itself is random and is all the button carries.
 * {@code person}, when not null, is the only one whose click counts (a confirmation asked of them).
 */
public record ButtonToken(String token, String promotionId, ButtonAction action, Digest digest, Instant expiresAt,
                          String person) {
    public ButtonToken {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(digest, "digest");
    }

    /** A button anyone may click. */
    public ButtonToken(String token, String promotionId, ButtonAction action, Digest digest, Instant expiresAt) {
        this(token, promotionId, action, digest, expiresAt, null);
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
