package dev.signoff.chat;

import java.time.Duration;

/**
 * One chat platform's outbound side: post and edit cards, post text. Implemented by each
 * platform adapter; the chat core finds them by {@link #platform()}.
 */
public interface ChatGateway {

    /** The platform's name as used for identities and channels in pipelines.yaml: slack, discord, console. */
    String platform();

    /** Posts a card in a channel; returns the message id to edit it later. */
    String postCard(String channel, Card card);

    /** Replaces the card in an existing message. */
    void updateCard(String channel, String messageId, Card card);

    /** Posts text in a channel, under the message {@code threadOf} when not null. */
    void postText(String channel, String text, String threadOf);

    /**
     * Posts a line that calls people, under the message {@code threadOf}; a platform with mentions
     * writes them its own way so that they notify, the others write the names plainly.
     */
    default void postMentions(String channel, Mention.Line line, String threadOf) {
        postText(channel, line.plain(), threadOf);
    }

    /** The least time between two edits of one card (Slack allows about one per second). */
    default Duration minUpdateInterval() {
        return Duration.ZERO;
    }
}
