package dev.signoff.promotion;

import dev.signoff.promotion.spi.Deployer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pauses inside a rollout (between canary steps, before a blue-green switch) where a person may
 * click Continue or Abort. The waiting runner holds a future per promotion; a click completes it.
 * A pause is shown on the card as a running "pause" step. Signals reach the process that runs
 * the rollout only.
 */
@Component
class Checkpoints {
    private final Map<String, CompletableFuture<Signal>> waiting = new ConcurrentHashMap<>();
    private final Clock clock;

    Checkpoints(Clock clock) {
        this.clock = clock;
    }

    record Signal(boolean proceed, String person) {
    }

    /** The checkpoint the deployer calls for promotion {@code p}; {@code save} stores and publishes its step changes. */
    Deployer.Checkpoint checkpoint(PromotionRequest p, Runnable save) {
        return (description, pause) -> {
            CompletableFuture<Signal> signal = new CompletableFuture<>();
            waiting.put(p.id(), signal);
            synchronized (p) {
                p.stepStarted("pause", description + (pause != null ? "; continues by itself after " + Durations.format(pause)
                        + ", or click Continue" : "; click Continue to go on"), clock.instant());
                save.run();
            }
            Signal outcome;
            try {
                outcome = pause != null ? signal.get(pause.toMillis(), TimeUnit.MILLISECONDS) : signal.get();
            } catch (TimeoutException e) {
                outcome = new Signal(true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new Signal(false, "shutdown");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } finally {
                waiting.remove(p.id(), signal);
            }
            synchronized (p) {
                if (outcome.proceed()) {
                    p.stepDone("pause", outcome.person() != null ? "continued by " + outcome.person() : "continued after " + Durations.format(pause), clock.instant());
                    save.run();
                    return;
                }
                String reason = "aborted by " + outcome.person() + " at: " + description;
                p.stepFailed("pause", reason, clock.instant());
                save.run();
                throw new Deployer.Aborted(reason);
            }
        };
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
