package dev.signoff.discord;

import dev.signoff.chat.Card;
import dev.signoff.chat.ChatGateway;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Discord's {@link ChatGateway}: cards are channel messages posted and edited with the bot token
 * (so edits work long after an interaction's 15 minutes). Details go to a thread started on the
 * card's message; a thread started from a message has the message's id, so nothing needs to be
 * stored to find it again. Where Signoff may not start threads, the line is a reply to the card
 * instead.
 */
class DiscordChannels implements ChatGateway {
    /** Discord's error code for "a thread has already been created for this message". */
    static final int THREAD_EXISTS = 160004;
    private static final Logger log = LoggerFactory.getLogger(DiscordChannels.class);
    private static final int REMEMBERED = 2000;

    private final DiscordRest rest;
    /** Card message id → card title, to name its thread; and the messages that have one. Both bounded. */
    private final Map<String, String> titles = Collections.synchronizedMap(lru());
    private final Set<String> threads = Collections.newSetFromMap(Collections.synchronizedMap(lru()));

    DiscordChannels(DiscordRest rest) {
        this.rest = rest;
    }

    @Override
    public String platform() {
        return InteractionHandler.PLATFORM;
    }

    @Override
    public String postCard(String channel, Card card) {
        String id = rest.bot("POST", "/channels/" + channel + "/messages", DiscordComponents.card(card), "post a card in " + channel)
                .path("id").asString("");
        if (id.isEmpty()) {
            throw new DiscordRest.DiscordException("post a card in " + channel + ": Discord answered without a message id", 200, 0);
        }
        titles.put(id, card.title());
        return id;
    }

    @Override
    public void updateCard(String channel, String messageId, Card card) {
        rest.bot("PATCH", "/channels/" + channel + "/messages/" + messageId, DiscordComponents.cardEdit(card),
                "edit card " + messageId + " in " + channel);
    }

    @Override
    public void postText(String channel, String text, String threadOf) {
        post(channel, DiscordComponents.text(text), threadOf);
    }

    /** Mentions that notify exactly the people and roles they name (and no one else). */
    @Override
    public void postMentions(String channel, dev.signoff.chat.Mention.Line line, String threadOf) {
        post(channel, DiscordComponents.mentions(line), threadOf);
    }

    private void post(String channel, net.dv8tion.jda.api.utils.messages.MessageCreateData message, String threadOf) {
        if (threadOf == null) {
            rest.bot("POST", "/channels/" + channel + "/messages", message, "post in " + channel);
            return;
        }
        if (hasThread(channel, threadOf)) {
            rest.bot("POST", "/channels/" + threadOf + "/messages", message, "post in the thread of " + threadOf);
        } else {
            DataObject reply = message.toData().put("message_reference",
                    DataObject.empty().put("message_id", threadOf).put("channel_id", channel).put("fail_if_not_exists", false));
            rest.bot("POST", "/channels/" + channel + "/messages", reply, "reply to " + threadOf + " in " + channel);
        }
    }

    /** Starts the card's thread the first time; false when Discord will not let Signoff start one. */
    private boolean hasThread(String channel, String messageId) {
        if (threads.contains(messageId)) {
            return true;
        }
        String name = DiscordComponents.cut(titles.getOrDefault(messageId, "Promotion details"), 100);
        try {
            rest.bot("POST", "/channels/" + channel + "/messages/" + messageId + "/threads",
                    Map.of("name", name, "auto_archive_duration", 1440), "start a thread on " + messageId);
        } catch (DiscordRest.DiscordException e) {
            if (e.code() != THREAD_EXISTS) {
                log.warn("could not start a thread on card {} ({}); replying to the card instead", messageId, e.getMessage());
                return false;
            }
        }
        threads.add(messageId);
        return true;
    }

    /** Discord allows about five edits of a channel's messages per five seconds. */
    @Override
    public Duration minUpdateInterval() {
        return Duration.ofSeconds(1);
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
