package dev.signoff.promotion.spi;

import java.util.Optional;

/**
 * Continue and Abort clicks on a paused rollout, kept where every replica can see them: the
 * click may reach any replica, the rollout waits in one.
 */
public interface PauseSignals {

    /** Leaves a signal for the promotion; a signal already waiting is kept (the first click wins). */
    void send(String promotionId, boolean proceed, String person);

    /** Takes the waiting signal, if any; each signal is taken once. */
    Optional<Signal> take(String promotionId);

    record Signal(boolean proceed, String person) {
    }
}
