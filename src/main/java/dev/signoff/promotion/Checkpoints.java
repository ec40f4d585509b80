package dev.signoff.promotion;

import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.PauseSignals;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pauses inside a rollout (between canary steps, before a blue-green switch) where a person may
 * click Continue or Abort. The waiting runner holds a future per promotion; a click in this
 * process completes it, and a click that reached another replica is left in {@link PauseSignals},
 * which the waiting runner looks at twice a second. A pause is shown on the card as a running
 * "pause" step. An abort of the promotion ({@link Aborts}) ends a pause as Abort does. A pause either ends by itself (a canary step's {@code pause}) or, where a person
 * must decide (an inconclusive analysis), aborts by itself when nobody answers in time.
 */
@Component
class Checkpoints {
    private static final long POLL_MILLIS = 500;

    private final Map<String, CompletableFuture<Signal>> waiting = new ConcurrentHashMap<>();
    private final PauseSignals signals;
    private final Aborts aborts;
    private final Clock clock;

    Checkpoints(PauseSignals signals, Aborts aborts, Clock clock) {
        this.signals = signals;
        this.aborts = aborts;
        this.clock = clock;
    }

    record Signal(boolean proceed, String person) {
    }

    /** The checkpoint the deployer calls for promotion {@code p}; {@code save} stores and publishes its step changes. */
    Deployer.Checkpoint checkpoint(PromotionRequest p, Runnable save) {
        return (description, pause) -> pause(p, save, description, pause, false);
    }

    /**
     * A pause that waits for a person's decision: Continue goes on, Abort or no answer within
     * {@code timeout} throws {@link Deployer.Aborted}. {@code description} says what is to be
     * decided and whom it asks.
     */
    void decide(PromotionRequest p, Runnable save, String description, Duration timeout) {
        pause(p, save, description, timeout, true);
    }

    private void pause(PromotionRequest p, Runnable save, String description, Duration pause, boolean endAborts) {
        CompletableFuture<Signal> signal = new CompletableFuture<>();
        signals.take(p.id()); // a click from before this pause does not end it
        waiting.put(p.id(), signal);
        String how = endAborts ? "; click Continue or Abort, or it aborts by itself after " + Durations.format(pause)
                : pause != null ? "; continues by itself after " + Durations.format(pause) + ", or click Continue"
                : "; click Continue to go on";
        synchronized (p) {
            p.stepStarted(PromotionRequest.PAUSE, description + how, clock.instant());
            save.run();
        }
        Signal outcome;
        try {
            outcome = awaitSignal(p.id(), signal, pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Signal(false, "shutdown");
        } finally {
            waiting.remove(p.id(), signal);
        }
        synchronized (p) {
            if (outcome.proceed() && (outcome.person() != null || !endAborts)) {
                p.stepDone(PromotionRequest.PAUSE, outcome.person() != null ? "continued by " + outcome.person() : "continued after " + Durations.format(pause), clock.instant());
                save.run();
                return;
            }
            String reason = outcome.person() != null ? "aborted by " + outcome.person() + " at: " + description
                    : "nobody answered within " + Durations.format(pause) + " at: " + description;
            p.stepFailed(PromotionRequest.PAUSE, reason, clock.instant());
            save.run();
            throw new Deployer.Aborted(reason);
        }
    }

    /** A click here, a click left by another replica, or the end of the pause (null: no end). */
    private Signal awaitSignal(String promotionId, CompletableFuture<Signal> local, Duration pause) throws InterruptedException {
        long deadline = pause == null ? Long.MAX_VALUE : System.nanoTime() + pause.toNanos();
        while (true) {
            long left = deadline == Long.MAX_VALUE ? POLL_MILLIS : Math.min(POLL_MILLIS, (deadline - System.nanoTime()) / 1_000_000);
            if (left <= 0) {
                return new Signal(true, null);
            }
            try {
                return local.get(left, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                var remote = signals.take(promotionId);
                if (remote.isPresent()) {
                    return new Signal(remote.get().proceed(), remote.get().person());
                }
                var abort = aborts.requested(promotionId);
                if (abort.isPresent()) {
                    return new Signal(false, abort.get().person());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Leaves the click for the replica whose rollout waits at the pause. */
    void signalElsewhere(String promotionId, boolean proceed, String person) {
        signals.send(promotionId, proceed, person);
    }

    boolean isWaiting(String promotionId) {
        return waiting.containsKey(promotionId);
    }

    /** Ends the pause of a promotion; false when it is not waiting at a checkpoint in this process. */
    boolean signal(String promotionId, boolean proceed, String person) {
        CompletableFuture<Signal> signal = waiting.get(promotionId);
        return signal != null && signal.complete(new Signal(proceed, person));
    }
}
