package dev.signoff.chat.spi;

import java.util.Optional;

/** Stored button tokens; an unknown token means the button is from a card we no longer know. */
public interface ButtonTokens {
    void store(ButtonToken token);

    /**
     * The stored token. A token whose action this version does not know (stored by another one)
     * is refused with {@link dev.signoff.chat.ButtonAction#NOT_KNOWN}.
     */
    Optional<ButtonToken> find(String token);
}
