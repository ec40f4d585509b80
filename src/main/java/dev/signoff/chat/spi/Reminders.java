package dev.signoff.chat.spi;

import java.time.Instant;

/** Which waiting cards have had their one reminder, so it goes once with several replicas and after a restart. */
public interface Reminders {

    /** Records that {@code promotionId}'s reminder is sent at {@code at}; false when it already was, by this process or another. */
    boolean claim(String promotionId, Instant at);

    /** Gives back a claim whose reminder reached no one (every chat platform refused it): the next sweep tries again. */
    void release(String promotionId);
}
