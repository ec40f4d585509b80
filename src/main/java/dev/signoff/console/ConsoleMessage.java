package dev.signoff.console;

import dev.signoff.chat.Card;

import java.time.Instant;

/** One message in a console channel; a card message keeps its id when the card is edited. */
record ConsoleMessage(String id, String channel, String author, String text, boolean isPrivate, String to, Card card,
                      String threadOf, Instant at) {
    ConsoleMessage withCard(Card newCard) {
        return new ConsoleMessage(id, channel, author, text, isPrivate, to, newCard, threadOf, at);
    }

    boolean visibleTo(String user) {
        return !isPrivate || user == null || user.equals(to);
    }
}
