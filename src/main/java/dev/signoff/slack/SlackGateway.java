package dev.signoff.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.view.View;
import com.slack.api.webhook.WebhookResponse;
import dev.signoff.chat.Card;
import dev.signoff.chat.ChatGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Slack's outbound side over the Web API with the bot token. A card's message id is the
 * message's {@code ts}; with the channel it is all an edit needs (no history scans).
 *
 * <p>Rate limits: Slack answers 429 with {@code Retry-After} (seconds), and the SDK's blocking
 * client does not retry. Each call here waits that long and tries again, at most
 * {@value #ATTEMPTS} times in all. Card edits come from the chat core's single updater thread,
 * which then waits too: the limit is per method and workspace, so other edits would be refused
 * in the meantime anyway.
 */
class SlackGateway implements ChatGateway {
    private static final Logger log = LoggerFactory.getLogger(SlackGateway.class);
    static final int ATTEMPTS = 3;
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    /** Slack allows about one chat.update per message per second; two keeps clear of 429s with several cards open. */
    static final Duration MIN_UPDATE_INTERVAL = Duration.ofSeconds(2);
    /** The Web API methods called through {@link #call}, for their rate-limit counters. */
    static final List<String> METHODS = List.of("chat.postMessage", "chat.update", "chat.postEphemeral", "views.open",
            SlackUserGroups.METHOD);

    private final Slack slack;
    private final MethodsClient client;

    SlackGateway(Slack slack, String botToken) {
        this.slack = slack;
        this.client = slack.methods(botToken);
        METHODS.forEach(SlackGateway::rateLimited);
    }

    /**
     * {@code signoff_chat_rate_limited_total{platform="slack",method}}: 429s per Web API method;
     * there from start-up, at zero, for the methods this class and {@link SlackUserGroups} call.
     */
    static io.micrometer.core.instrument.Counter rateLimited(String method) {
        return io.micrometer.core.instrument.Counter.builder("signoff.chat.rate.limited").description("429 answers from a chat platform's API")
                .tag("platform", "slack").tag("method", method).register(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    @Override
    public String platform() {
        return "slack";
    }

    @Override
    public String postCard(String channel, Card card) {
        return call("chat.postMessage", () -> client.chatPostMessage(r -> r.channel(channel)
                .text(SlackBlocks.fallbackText(card)).blocks(SlackBlocks.render(card)).unfurlLinks(false))).getTs();
    }

    @Override
    public void updateCard(String channel, String messageId, Card card) {
        call("chat.update", () -> client.chatUpdate(r -> r.channel(channel).ts(messageId)
                .text(SlackBlocks.fallbackText(card)).blocks(SlackBlocks.render(card))));
    }

    /** In the channel, or in the thread of the message {@code threadOf} (a ts) when given. */
    @Override
    public void postText(String channel, String text, String threadOf) {
        call("chat.postMessage", () -> client.chatPostMessage(r -> r.channel(channel).threadTs(threadOf)
                .text(SlackText.mrkdwn(text, SlackText.MESSAGE)).unfurlLinks(false)));
    }

    /** {@code <@U…>} for people, {@code <!subteam^S…>} for user groups, so that Slack notifies them. */
    @Override
    public void postMentions(String channel, dev.signoff.chat.Mention.Line line, String threadOf) {
        call("chat.postMessage", () -> client.chatPostMessage(r -> r.channel(channel).threadTs(threadOf)
                .text(SlackText.mentions(line)).unfurlLinks(false)));
    }

    @Override
    public Duration minUpdateInterval() {
        return MIN_UPDATE_INTERVAL;
    }

    /** A message only {@code user} sees, in {@code channel}. */
    void postPrivately(String channel, String user, String text) {
        call("chat.postEphemeral", () -> client.chatPostEphemeral(r -> r.channel(channel).user(user)
                .text(SlackText.mrkdwn(text, SlackText.MESSAGE))));
    }

    /**
     * A command's answer through its {@code response_url} (valid 30 minutes, for 5 answers), only
     * to the one who typed it or in the channel. False when Slack did not take it; the caller then
     * posts the answer through the Web API instead.
     */
    boolean respond(String responseUrl, boolean privately, String text) {
        String json = SlackJson.SNAKE_CASE.toJson(Map.of("response_type", privately ? "ephemeral" : "in_channel",
                "text", SlackText.mrkdwn(text, SlackText.MESSAGE)));
        try {
            WebhookResponse sent = slack.send(responseUrl, json);
            if (sent.getCode() == 200) {
                return true;
            }
            log.info("Slack refused an answer through response_url ({}); posting it instead", sent.getCode());
        } catch (IOException | RuntimeException e) {
            log.info("could not answer through response_url ({}); posting it instead", e.toString());
        }
        return false;
    }

    void openModal(String triggerId, View view) {
        call("views.open", () -> client.viewsOpen(r -> r.triggerId(triggerId).view(view)));
    }

    interface SlackCall<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    /**
     * Runs one Web API call, waiting out 429s as described above. Any other failure, or Slack's
     * {@code ok: false}, is thrown naming the method and Slack's error code (or the I/O error);
     * the token is never in the message.
     */
    static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            T response;
            try {
                response = call.run();
            } catch (SlackApiException e) {
                Duration wait = retryAfter(e);
                if (wait != null) {
                    rateLimited(method).increment();
                }
                if (wait == null || attempt >= ATTEMPTS) {
                    throw new SlackCallFailed(method, e.getResponse().code() + (e.getError() != null ? " " + e.getError().getError() : ""));
                }
                log.info("Slack rate-limited {}; retrying in {} s", method, wait.toSeconds());
                sleep(wait);
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("Slack " + method + ": " + e.getMessage(), e);
            }
            if (!response.isOk()) {
                throw new SlackCallFailed(method, response.getError());
            }
            return response;
        }
    }

    /** The wait a 429 asks for, or null when the failure is not a rate limit. */
    private static Duration retryAfter(SlackApiException e) {
        if (e.getResponse().code() != 429) {
            return null;
        }
        String header = e.getResponse().header("Retry-After");
        long seconds;
        try {
            seconds = header == null ? 1 : Long.parseLong(header.strip());
        } catch (NumberFormatException bad) {
            seconds = 1;
        }
        Duration wait = Duration.ofSeconds(Math.max(1, seconds));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out a Slack rate limit", e);
        }
    }

    /** Slack refused a call; {@code error} is Slack's error code (channel_not_found, not_in_channel, …). */
    static final class SlackCallFailed extends RuntimeException {
        SlackCallFailed(String method, String error) {
            super("Slack " + method + " failed: " + error, null, false, false);
        }
    }
}
