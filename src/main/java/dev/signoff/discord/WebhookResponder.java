package dev.signoff.discord;

import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP way back: the initial response becomes the body of the answer to Discord's POST; what
 * follows goes to the interaction's webhook, and waits until that body has been sent (Discord
 * does not know the interaction's original response before it has it).
 */
final class WebhookResponder implements Responder {
    static final int EPHEMERAL = 1 << 6;

    private final DiscordRest rest;
    private final String applicationId;
    private final String token;
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private volatile DataObject initial;

    WebhookResponder(DiscordRest rest, String applicationId, String token) {
        this.rest = rest;
        this.applicationId = applicationId;
        this.token = token;
    }

    /** The initial response, once the handler has chosen it. */
    DataObject initialResponse() {
        return initial;
    }

    /** Called once the initial response has been written to Discord. */
    void acknowledged() {
        acknowledged.complete(null);
    }

    @Override
    public void reply(String text, boolean ephemeral) {
        respond(DataObject.empty().put("type", 4).put("data", message(text, ephemeral)));
    }

    @Override
    public void deferReply(boolean ephemeral) {
        DataObject response = DataObject.empty().put("type", 5);
        respond(ephemeral ? response.put("data", DataObject.empty().put("flags", EPHEMERAL)) : response);
    }

    @Override
    public void deferUpdate() {
        respond(DataObject.empty().put("type", 6));
    }

    @Override
    public void openModal(Modal modal) {
        respond(DataObject.empty().put("type", 9).put("data", modal.toData()));
    }

    @Override
    public void ask(MessageCreateData question) {
        respond(DataObject.empty().put("type", 4).put("data", question.toData().put("flags", EPHEMERAL)));
    }

    @Override
    public void update(String text) {
        respond(DataObject.empty().put("type", 7).put("data", DiscordComponents.textOnly(text).toData()));
    }

    @Override
    public void editReply(String text) {
        awaitAcknowledged();
        rest.webhook("PATCH", original(), DiscordComponents.textEdit(text), "edit an interaction's answer");
    }

    @Override
    public void deleteReply() {
        awaitAcknowledged();
        rest.webhook("DELETE", original(), null, "delete an interaction's answer");
    }

    @Override
    public void followUp(String text, boolean ephemeral) {
        awaitAcknowledged();
        rest.webhook("POST", "/webhooks/" + applicationId + "/" + token, message(text, ephemeral), "follow up an interaction");
    }

    private String original() {
        return "/webhooks/" + applicationId + "/" + token + "/messages/@original";
    }

    private static DataObject message(String text, boolean ephemeral) {
        return DiscordComponents.text(text).toData().put("flags", ephemeral ? EPHEMERAL : 0);
    }

    private void respond(DataObject response) {
        if (initial != null) {
            throw new IllegalStateException("an interaction has one initial response");
        }
        initial = response;
    }

    private void awaitAcknowledged() {
        try {
            acknowledged.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the answer goes out anyway; Discord says so if it has no such interaction
        }
    }
}
