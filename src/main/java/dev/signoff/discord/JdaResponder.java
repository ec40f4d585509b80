package dev.signoff.discord;

import net.dv8tion.jda.api.interactions.callbacks.IMessageEditCallback;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The gateway way back: JDA's callbacks on the interaction event. JDA's interaction hook holds
 * follow-ups until the initial response has been acknowledged, so no waiting here.
 * {@code edit} and {@code modal} are null for events that cannot do those.
 */
final class JdaResponder implements Responder {
    private static final Logger log = LoggerFactory.getLogger(JdaResponder.class);

    private final IReplyCallback reply;
    private final IMessageEditCallback edit;
    private final IModalCallback modal;

    JdaResponder(IReplyCallback reply, IMessageEditCallback edit, IModalCallback modal) {
        this.reply = reply;
        this.edit = edit;
        this.modal = modal;
    }

    @Override
    public void reply(String text, boolean ephemeral) {
        reply.reply(DiscordComponents.text(text)).setEphemeral(ephemeral).queue(null, failed("reply"));
    }

    @Override
    public void deferReply(boolean ephemeral) {
        reply.deferReply(ephemeral).queue(null, failed("defer a reply"));
    }

    @Override
    public void deferUpdate() {
        if (edit == null) {
            throw new IllegalStateException("this interaction has no message to update");
        }
        edit.deferEdit().queue(null, failed("defer an update"));
    }

    @Override
    public void openModal(Modal form) {
        if (modal == null) {
            throw new IllegalStateException("this interaction cannot open a form");
        }
        modal.replyModal(form).queue(null, failed("open a form"));
    }

    @Override
    public void ask(MessageCreateData question) {
        reply.reply(question).setEphemeral(true).queue(null, failed("ask"));
    }

    @Override
    public void update(String text) {
        if (edit == null) {
            throw new IllegalStateException("this interaction has no message to update");
        }
        edit.editMessage(DiscordComponents.textOnly(text)).queue(null, failed("update a message"));
    }

    @Override
    public void editReply(String text) {
        reply.getHook().editOriginal(DiscordComponents.textEdit(text)).queue(null, failed("edit the answer"));
    }

    @Override
    public void deleteReply() {
        reply.getHook().deleteOriginal().queue(null, failed("delete the answer"));
    }

    @Override
    public void followUp(String text, boolean ephemeral) {
        reply.getHook().sendMessage(DiscordComponents.text(text)).setEphemeral(ephemeral).queue(null, failed("follow up"));
    }

    private static Consumer<Throwable> failed(String what) {
        return e -> log.warn("could not {} on Discord: {}", what, e.toString());
    }
}
