package dev.signoff.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import dev.signoff.chat.Answer;
import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.ChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What Signoff does with what Slack sends, the same over HTTP and Socket Mode. Slack wants an
 * answer within 3 seconds, so commands and clicks are queued on a bounded pool and acknowledged
 * at once; the answer follows: a command's through its {@code response_url} (ephemeral for
 * private answers, in the channel for public ones), a click's as an ephemeral message to the one
 * who clicked. Cards change through the chat core.
 *
 * <p>Every slash command the Slack app has is Signoff's, so the handler matches any name: a
 * workspace that calls it {@code /signoff-staging} needs no setting.
 */
class SlackHandlers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHandlers.class);
    static final String PLATFORM = "slack";
    /**
     * The work is mostly waiting (the database, then one or two Slack calls of 100-300 ms), so
     * more threads than cores. They run at the lowest priority, so that in a burst the request
     * threads, which must acknowledge within 3 seconds, get the CPU first; on Linux the JVM passes
     * thread priorities to the OS only with {@code -XX:ThreadPriorityPolicy=1} (see
     * {@code JAVA_TOOL_OPTIONS} in docs/helm.md), elsewhere this changes nothing.
     */
    static final int WORKERS = 8;
    /** Beyond this many waiting tasks a command is acknowledged with {@link #BUSY} and not run. */
    static final int QUEUE = 10_000;
    static final String BUSY = "Signoff is very busy right now; nothing was done. Try again in a minute.";

    private final ChatService chat;
    private final SlackGateway gateway;
    private final ThreadPoolExecutor work = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("slack-work-", 1).priority(Thread.MIN_PRIORITY).factory());

    SlackHandlers(ChatService chat, SlackGateway gateway) {
        this.chat = chat;
        this.gateway = gateway;
    }

    /**
     * Bolt's routes, for requests that come through Bolt (Socket Mode, and over HTTP the reject
     * form's submission): the same work as {@link SlackEvents}' fast lane.
     */
    App register(App app) {
        app.command(Pattern.compile(".*"), (req, ctx) -> command(req.getPayload()) ? ctx.ack() : ctx.ack(BUSY));
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> {
            actions(req::getPayload);
            return ctx.ack();
        });
        app.viewSubmission(RejectModal.CALLBACK_ID, this::reason);
        return app;
    }

    /** Queues a slash command; its answer goes to the command's response_url. False when the pool is full. */
    boolean command(SlashCommandPayload p) {
        return later("command", () -> respond(p, chat.command(PLATFORM, p.getUserId(), p.getText())));
    }

    /**
     * Queues a click on a card button; {@code payload} is parsed on the pool, after the
     * acknowledgement. False when the pool is full (the click is then dropped, and logged).
     */
    boolean actions(Supplier<BlockActionPayload> payload) {
        return later("click", () -> act(payload.get()));
    }

    private void act(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
            log.info("a Slack block action without an action or a user; ignored");
            return;
        }
        String user = p.getUser().getId();
        String channel = p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId();
        BlockActionPayload.Action action = p.getActions().getFirst();
        Optional<ButtonAction> known = ButtonAction.fromId(action.getActionId());
        if (known.isEmpty()) {
            log.info("a click on an unknown Slack action '{}'", action.getActionId());
            answer(channel, user, Answer.privately(ButtonAction.NOT_KNOWN));
        } else if (known.get().needsReason()) {
            askReason(p, user, channel, action.getValue());
        } else {
            answer(channel, user, chat.click(PLATFORM, user, action.getValue(), null));
        }
    }

    /** A reject asks for the reason first: a modal, opened with the click's trigger id (valid 3 seconds). */
    private void askReason(BlockActionPayload p, String user, String channel, String token) {
        String cardText = p.getMessage() != null ? p.getMessage().getText() : null;
        try {
            gateway.openModal(p.getTriggerId(), RejectModal.view(new RejectModal.Origin(token, channel), cardText));
        } catch (RuntimeException e) {
            log.warn("could not open the reject form for {}: {}", user, e.getMessage());
            gateway.postPrivately(channel, user, "I could not open the form for the reason. "
                    + "Reject with /signoff reject <promotion-id> <reason> instead.");
        }
    }

    /** The reject form's submission: answered at once (with the error when there is no reason), the vote queued. */
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

    /** A command's answer through its response_url; if that fails, the same words through the Web API. */
    private void respond(SlashCommandPayload p, Answer answer) {
        if (p.getResponseUrl() != null && gateway.respond(p.getResponseUrl(), answer.isPrivate(), answer.text())) {
            return;
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
