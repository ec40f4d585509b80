package dev.signoff.chat.spi;

import java.time.Instant;

/** Which waiting cards have had their one reminder, so it goes once with several replicas and after a restart. */
public interface Reminders {

    /** Records that {@code promotionId}'s reminder is sent at {@code at}; false when it already was, by this process or another. */
    boolean claim(String promotionId, Instant at);
}
