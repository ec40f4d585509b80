package dev.signoff.console;

import dev.signoff.chat.Card;
import dev.signoff.chat.ChatGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's channels, kept in memory (the newest {@value #KEEP} messages each): the console
 * is for trying Signoff locally; promotions, votes and the audit log live in the database.
 * Also the console's {@link ChatGateway}: cards and bot messages land here.
 */
@Component
class ConsoleChannels implements ChatGateway {
    static final int KEEP = 1000;
    static final String BOT = "signoff";

    private final Map<String, List<ConsoleMessage>> channels = new LinkedHashMap<>();
    private final Map<String, ConsoleMessage> byId = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /**
     * Message ids must not repeat across restarts: card references outlive the process in the
     * database, and a reused id would point an old promotion's card at a new message.
     */
    private final String idPrefix = "m" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final Clock clock;

    ConsoleChannels(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String platform() {
        return "console";
    }

    @Override
    public String postCard(String channel, Card card) {
        return add(channel, BOT, null, false, null, card, null).id();
    }

    @Override
    public synchronized void updateCard(String channel, String messageId, Card card) {
        ConsoleMessage old = byId.get(messageId);
        if (old == null) {
            throw new IllegalArgumentException("no console message " + messageId);
        }
        ConsoleMessage updated = old.withCard(card);
        byId.put(messageId, updated);
        List<ConsoleMessage> list = channels.get(old.channel());
        list.set(list.indexOf(old), updated);
    }

    @Override
    public void postText(String channel, String text, String threadOf) {
        add(channel, BOT, text, false, null, null, threadOf);
    }

    synchronized ConsoleMessage add(String channel, String author, String text, boolean isPrivate, String to, Card card,
                                    String threadOf) {
        ConsoleMessage m = new ConsoleMessage(idPrefix + sequence.incrementAndGet(), channel, author, text, isPrivate, to, card,
                threadOf, clock.instant());
        List<ConsoleMessage> list = channels.computeIfAbsent(channel, c -> new ArrayList<>());
        list.add(m);
        byId.put(m.id(), m);
        if (list.size() > KEEP) {
            byId.remove(list.removeFirst().id());
        }
        return m;
    }

    synchronized Optional<ConsoleMessage> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The channel's messages, oldest first, without other people's private ones when {@code user} is given. */
    synchronized List<ConsoleMessage> messages(String channel, String user) {
        return channels.getOrDefault(channel, List.of()).stream().filter(m -> m.visibleTo(user)).toList();
    }
}
