package dev.signoff.promotion.spi;

import java.util.Optional;

/**
 * Requests to abort a running promotion, kept where every replica can see them: the command or
 * click may reach any replica, the promotion runs in one, which looks here about once a second.
 */
public interface AbortSignals {

    /** Leaves the request; one already there is kept (the first one wins). */
    void send(String promotionId, String person, String reason);

    /** The request for the promotion, if any; it stays until {@link #clear}. */
    Optional<Request> requested(String promotionId);

    /** The promotion has ended: its request is no longer needed. */
    void clear(String promotionId);

    record Request(String person, String reason) {
    }
}
