package dev.signoff.discord;

import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * One interaction's way back to Discord. Exactly one of the first six is the initial response,
 * due within 3 seconds; the others follow a deferral, within the interaction's 15 minutes.
 * Over HTTP the initial response is the body of the answer to Discord's POST and the rest are
 * webhook calls ({@link WebhookResponder}); over the gateway JDA does both ({@link JdaResponder}).
 */
interface Responder {

    /** Answers at once with a message (type 4), visible to the user only when {@code ephemeral}. */
    void reply(String text, boolean ephemeral);

    /** "Signoff is thinking…" (type 5); the answer follows with {@link #editReply} or {@link #followUp}. */
    void deferReply(boolean ephemeral);

    /** Acknowledges a click without changing its message (type 6). */
    void deferUpdate();

    /** Opens a form (type 9). */
    void openModal(Modal modal);

    /** Answers at once with a message only the user sees (type 4, ephemeral), with buttons. */
    void ask(MessageCreateData question);

    /** Replaces the message whose button was clicked by {@code text}, without buttons (type 7). */
    void update(String text);

    /** Replaces the deferred reply with the answer. */
    void editReply(String text);

    /** Removes the deferred reply (when the answer is for other eyes than the deferral was). */
    void deleteReply();

    /** Another message after the initial response. */
    void followUp(String text, boolean ephemeral);
}
