package dev.signoff.promotion;

import dev.signoff.promotion.spi.AbortSignals;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Requests to abort promotions that run, and the cooperative stop they cause. Nothing is
 * interrupted (an interrupt during file I/O can close a database file channel): the runner asks
 * {@link #check} between steps, and a step's adapters ask through
 * {@link ProgressListener#checkStopped()} while they wait and before they write their result.
 * Those questions only read memory, whatever thread asks (a registry copy asks from its blob
 * threads, which it may interrupt): a request made in this process is there at once, and one left
 * in {@link AbortSignals} by another replica is brought in by this class's own thread, which looks
 * once a second for the promotions that run here.
 */
@Component
class Aborts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Aborts.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final AbortSignals signals;
    private final Map<String, AbortSignals.Request> requested = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("abort-signals").daemon().factory());

    Aborts(AbortSignals signals) {
        this.signals = signals;
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Leaves the request for whichever replica runs the promotion; the first request wins. */
    void request(String promotionId, String person, String reason) {
        signals.send(promotionId, person, reason);
        requested.putIfAbsent(promotionId, new AbortSignals.Request(person, reason));
    }

    /** The promotion runs here from now on: requests left by other replicas are looked for. */
    void watch(String promotionId) {
        running.add(promotionId);
    }

    /**
     * The abort asked for the promotion, if any: from memory for a promotion that runs here, else
     * (a question from a command, about a promotion that may run elsewhere) from the database.
     */
    Optional<AbortSignals.Request> requested(String promotionId) {
        AbortSignals.Request here = requested.get(promotionId);
        if (here != null || running.contains(promotionId)) {
            return Optional.ofNullable(here);
        }
        return signals.requested(promotionId);
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
        running.remove(promotionId);
        requested.remove(promotionId);
        signals.clear(promotionId);
    }

    private void poll() {
        for (String id : running) {
            try {
                if (!requested.containsKey(id)) {
                    signals.requested(id).ifPresent(r -> requested.putIfAbsent(id, r));
                }
            } catch (RuntimeException e) {
                log.warn("could not look for an abort of promotion {}: {}", id, e.toString());
            }
        }
    }

    /** "aborted by bob: wrong image". */
    static String words(AbortSignals.Request r) {
        return "aborted by " + r.person() + (r.reason() != null ? ": " + r.reason() : "");
    }

    @Override
    public void close() {
        poller.shutdown(); // not shutdownNow: an interrupt could land in a database read
    }
}
