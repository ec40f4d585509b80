package dev.signoff.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import com.slack.api.webhook.WebhookResponse;
import dev.signoff.chat.Answer;
import dev.signoff.chat.ChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What Signoff does with what Slack sends, the same over HTTP and Socket Mode. Slack wants an
 * answer within 3 seconds, so every handler only reads the payload, hands the work to a
 * bounded pool and acknowledges; the answer follows: a command's through its
 * {@code response_url} (ephemeral for private answers, in the channel for public ones), a
 * click's as an ephemeral message to the one who clicked. Cards change through the chat core.
 *
 * <p>Every slash command the Slack app has is Signoff's, so the handler matches any name: a
 * workspace that calls it {@code /signoff-staging} needs no setting.
 */
class SlackHandlers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHandlers.class);
    static final String PLATFORM = "slack";
    /**
     * The work is mostly waiting (the database, then one or two Slack calls of 100-300 ms), so
     * more threads than cores; few enough that a burst of work does not starve the request
     * threads that must acknowledge within 3 seconds.
     */
    static final int WORKERS = 8;
    /** Beyond this many waiting tasks a command is acknowledged with {@link #BUSY} and not run. */
    static final int QUEUE = 10_000;
    static final String BUSY = "Signoff is very busy right now; nothing was done. Try again in a minute.";

    private final ChatService chat;
    private final SlackGateway gateway;
    private final ThreadPoolExecutor work = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("slack-work-", 1).factory());

    SlackHandlers(ChatService chat, SlackGateway gateway) {
        this.chat = chat;
        this.gateway = gateway;
    }

    App register(App app) {
        app.command(Pattern.compile(".*"), this::command);
        app.blockAction(Pattern.compile("^(approve|continue|abort)$"), this::click);
        app.blockAction("reject", this::reject);
        app.viewSubmission(RejectModal.CALLBACK_ID, this::reason);
        return app;
    }

    Response command(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        boolean queued = later("command", () -> {
            Answer answer = chat.command(PLATFORM, p.getUserId(), p.getText());
            respond(ctx, p, answer);
        });
        return queued ? ctx.ack() : ctx.ack(BUSY);
    }

    Response click(BlockActionRequest req, ActionContext ctx) {
        BlockActionPayload p = req.getPayload();
        String user = p.getUser().getId();
        String channel = channel(p);
        String token = p.getActions().getFirst().getValue();
        later("click", () -> answer(channel, user, chat.click(PLATFORM, user, token, null)));
        return ctx.ack();
    }

    /** Reject asks for the reason first: a modal, opened with the click's trigger id (valid 3 seconds). */
    Response reject(BlockActionRequest req, ActionContext ctx) {
        BlockActionPayload p = req.getPayload();
        String user = p.getUser().getId();
        String channel = channel(p);
        String token = p.getActions().getFirst().getValue();
        String cardText = p.getMessage() != null ? p.getMessage().getText() : null;
        later("reject", () -> {
            try {
                gateway.openModal(p.getTriggerId(), RejectModal.view(new RejectModal.Origin(token, channel), cardText));
            } catch (RuntimeException e) {
                log.warn("could not open the reject form for {}: {}", user, e.getMessage());
                gateway.postPrivately(channel, user, "I could not open the form for the reason. "
                        + "Reject with /signoff reject <promotion-id> <reason> instead.");
            }
        });
        return ctx.ack();
    }

    Response reason(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
        View view = req.getPayload().getView();
        String reason = RejectModal.reason(view);
        if (reason.isEmpty()) {
            return ctx.ackWithErrors(Map.of(RejectModal.REASON, "Say why, so the requester knows what to change."));
        }
        Optional<RejectModal.Origin> origin = RejectModal.origin(view);
        if (origin.isEmpty()) {
            log.warn("a reject form came back without its origin; ignored");
            return ctx.ack();
        }
        String user = req.getPayload().getUser().getId();
        later("reject reason", () -> answer(origin.get().channel(), user,
                chat.click(PLATFORM, user, origin.get().token(), reason)));
        return ctx.ack();
    }

    private static String channel(BlockActionPayload p) {
        return p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId();
    }

    /** A command's answer through its response_url; if that fails, the same words through the Web API. */
    private void respond(SlashCommandContext ctx, SlashCommandPayload p, Answer answer) {
        String text = SlackText.mrkdwn(answer.text(), SlackText.MESSAGE);
        try {
            WebhookResponse sent = ctx.respond(r -> r.responseType(answer.isPrivate() ? "ephemeral" : "in_channel").text(text));
            if (sent.getCode() == 200) {
                return;
            }
            log.info("Slack refused the answer through response_url ({}); posting it instead", sent.getCode());
        } catch (IOException | RuntimeException e) {
            log.info("could not answer through response_url ({}); posting it instead", e.toString());
        }
        answer(p.getChannelId(), p.getUserId(), answer);
    }

    private void answer(String channel, String user, Answer answer) {
        if (answer.isPrivate()) {
            gateway.postPrivately(channel, user, answer.text());
        } else {
            gateway.postText(channel, answer.text(), null);
        }
    }

    /** Queues the work; false when the pool is full (the caller acknowledges anyway, saying so where it can). */
    private boolean later(String what, Runnable task) {
        try {
            work.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Slack {} failed after it was acknowledged: {}", what, e.toString());
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            log.warn("Slack {} refused: {} tasks are waiting", what, work.getQueue().size());
            return false;
        }
    }

    /** Stops taking work and lets queued work finish, for a while. */
    @Override
    public void close() throws InterruptedException {
        work.shutdown();
        if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
            work.shutdownNow();
        }
    }
}
