package dev.signoff.promotion;

import dev.signoff.promotion.spi.AbortSignals;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests to abort promotions that run, and the cooperative stop they cause. Nothing is
 * interrupted (an interrupt during file I/O can close a database file channel): the runner asks
 * {@link #check} between steps, and a step's adapters ask through
 * {@link ProgressListener#checkStopped()} while they wait and before they write their result. A
 * request made in this process is seen at once; one left in {@link AbortSignals} by another
 * replica is looked up at most once a second per promotion.
 */
@Component
class Aborts {
    private static final long POLL_NANOS = 1_000_000_000L;

    private final AbortSignals signals;
    private final Map<String, AbortSignals.Request> requested = new ConcurrentHashMap<>();
    private final Map<String, Long> lookedUp = new ConcurrentHashMap<>();

    Aborts(AbortSignals signals) {
        this.signals = signals;
    }

    /** Leaves the request for whichever replica runs the promotion; the first request wins. */
    void request(String promotionId, String person, String reason) {
        signals.send(promotionId, person, reason);
        requested.putIfAbsent(promotionId, new AbortSignals.Request(person, reason));
    }

    /** The abort asked for the promotion, if any. */
    Optional<AbortSignals.Request> requested(String promotionId) {
        AbortSignals.Request here = requested.get(promotionId);
        if (here != null) {
            return Optional.of(here);
        }
        long now = System.nanoTime();
        Long last = lookedUp.get(promotionId);
        if (last != null && now - last < POLL_NANOS) {
            return Optional.empty();
        }
        lookedUp.put(promotionId, now);
        Optional<AbortSignals.Request> found = signals.requested(promotionId);
        found.ifPresent(r -> requested.putIfAbsent(promotionId, r));
        return found;
    }

    /** Throws {@link Deployer.Aborted} when the promotion is to stop. */
    void check(String promotionId) {
        requested(promotionId).ifPresent(r -> {
            throw new Deployer.Aborted(words(r));
        });
    }

    /** {@code progress} that also stops the step when the promotion is aborted. */
    ProgressListener stopping(String promotionId, ProgressListener progress) {
        return new ProgressListener() {
            @Override
            public void progress(String detail) {
                progress.progress(detail);
            }

            @Override
            public void checkStopped() {
                check(promotionId);
            }
        };
    }

    /** The promotion has ended; its request goes. */
    void forget(String promotionId) {
        requested.remove(promotionId);
        lookedUp.remove(promotionId);
        signals.clear(promotionId);
    }

    /** "aborted by bob: wrong image". */
    static String words(AbortSignals.Request r) {
        return "aborted by " + r.person() + (r.reason() != null ? ": " + r.reason() : "");
    }
}
