package dev.signoff.discord;

import dev.signoff.chat.Answer;
import dev.signoff.chat.CardWording;
import dev.signoff.chat.ChatService;
import dev.signoff.chat.ConfirmationPrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What Signoff does with an interaction, the same for HTTP and the gateway: answer Discord at
 * once (a deferral, a form, a question an Approve asks first, the question replaced once it is
 * answered, or a refusal that needs no lookup), then run the command or click on an executor and
 * deliver the answer (a confirmed vote's answer replaces its question). Cards are not posted here: the chat core's card updater
 * posts and edits them through {@link DiscordChannels}.
 */
final class InteractionHandler implements AutoCloseable {
    static final String PLATFORM = "discord";
    /** The reject form's custom id is this prefix and the button token (≤ 100 characters in all). */
    static final String REJECT_FORM = "reject:";
    static final String REASON = "reason";
    /** The custom id of Cancel on the question an Approve asks first; it needs no lookup. */
    static final String NOT_APPROVED = "signoff:not-approved";
    /** What the question says while the vote its Confirm gave is counted. */
    static final String ANSWERING = "Approving…";
    private static final Logger log = LoggerFactory.getLogger(InteractionHandler.class);

    private final ChatService chat;
    /** Commands wait on the database and clicks may start promotions: a virtual thread each. */
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("discord-", 0).factory());

    InteractionHandler(ChatService chat) {
        this.chat = chat;
    }

    void handle(Interaction interaction, Responder responder) {
        switch (interaction) {
            case Interaction.SlashCommand c -> command(c, responder);
            case Interaction.ButtonClick b -> click(b, responder);
            case Interaction.ModalSubmit m -> submit(m, responder);
            case Interaction.Unsupported u -> responder.reply("Signoff does not use this kind of interaction.", true);
        }
    }

    private void command(Interaction.SlashCommand c, Responder responder) {
        if (!SlashCommands.NAME.equals(c.name())) {
            responder.reply("Signoff answers /" + SlashCommands.NAME + " only.", true);
            return;
        }
        String text;
        try {
            text = SlashCommands.text(c.subcommand(), c.options());
        } catch (SlashCommands.Invalid e) {
            responder.reply(e.getMessage(), true);
            return;
        }
        boolean privately = !SlashCommands.answersInChannel(c.subcommand());
        responder.deferReply(privately);
        later(responder, () -> chat.command(PLATFORM, c.userId(), text), answer -> deliver(responder, privately, answer));
    }

    private void click(Interaction.ButtonClick b, Responder responder) {
        if (NOT_APPROVED.equals(b.customId())) {
            responder.update(CardWording.NOT_APPROVED);
            return;
        }
        if (answersQuestion(b.customId())) {
            // the question loses its buttons at once, so it cannot be answered twice; the vote's answer then takes its place
            responder.update(ANSWERING);
            later(responder, () -> chat.click(PLATFORM, b.userId(), b.customId(), null), answer -> responder.editReply(answer.text()));
            return;
        }
        if (asksForReason(b.customId())) {
            responder.openModal(DiscordComponents.rejectForm(REJECT_FORM + b.customId()));
            return;
        }
        Optional<ConfirmationPrompt> question;
        try {
            question = chat.confirmation(PLATFORM, b.userId(), b.customId());
        } catch (RuntimeException e) {
            // never let a failed lookup turn a click that should ask first into a vote
            responder.reply(Answer.unexpected(log, "a Discord click's confirmation", e).text(), true);
            return;
        }
        if (question.isPresent()) {
            responder.ask(DiscordComponents.question(question.get().wording(), question.get().token(), NOT_APPROVED));
            return;
        }
        responder.deferUpdate();
        later(responder, () -> chat.click(PLATFORM, b.userId(), b.customId(), null),
                answer -> responder.followUp(answer.text(), answer.isPrivate()));
    }

    private void submit(Interaction.ModalSubmit m, Responder responder) {
        if (m.modalId() == null || !m.modalId().startsWith(REJECT_FORM)) {
            responder.reply("This form is not Signoff's any more.", true);
            return;
        }
        String reason = m.values().get(REASON);
        if (reason == null || reason.isBlank()) {
            responder.reply("A reject needs a reason.", true);
            return;
        }
        String token = m.modalId().substring(REJECT_FORM.length());
        responder.deferReply(true);
        later(responder, () -> chat.click(PLATFORM, m.userId(), token, reason.strip()), answer -> deliver(responder, true, answer));
    }

    /** Whether the click answers a question asked first; when the lookup fails, the click goes ahead as any other. */
    private boolean answersQuestion(String token) {
        try {
            return chat.answersQuestion(token);
        } catch (RuntimeException e) {
            log.warn("could not look up a button token: {}", e.toString());
            return false;
        }
    }

    /** Whether to open the reject form; when the lookup fails, the click goes ahead and reports the failure itself. */
    private boolean asksForReason(String token) {
        try {
            return chat.asksForReason(token);
        } catch (RuntimeException e) {
            log.warn("could not look up a button token: {}", e.toString());
            return false;
        }
    }

    /** The deferred reply becomes the answer, unless the answer is for other eyes than the deferral. */
    private static void deliver(Responder responder, boolean deferredPrivately, Answer answer) {
        if (answer.isPrivate() == deferredPrivately) {
            responder.editReply(answer.text());
        } else {
            responder.deleteReply();
            responder.followUp(answer.text(), answer.isPrivate());
        }
    }

    private void later(Responder responder, Supplier<Answer> work, Consumer<Answer> delivery) {
        executor.execute(() -> {
            Answer answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                answer = Answer.unexpected(log, "a Discord interaction", e);
            }
            try {
                delivery.accept(answer);
            } catch (RuntimeException e) {
                log.warn("could not deliver an answer to Discord: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        executor.close();
    }
}
