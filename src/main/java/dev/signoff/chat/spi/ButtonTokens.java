package dev.signoff.chat.spi;

import java.util.Optional;

/** Stored button tokens; an unknown token means the button is from a card we no longer know. */
public interface ButtonTokens {
    void store(ButtonToken token);

    Optional<ButtonToken> find(String token);
}
