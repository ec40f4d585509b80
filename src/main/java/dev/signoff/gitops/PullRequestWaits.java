package dev.signoff.gitops;

import dev.signoff.promotion.events.PullRequestClosed;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where steps waiting for a pull request sleep between polls, and where the forges' hooks wake
 * them: a hook about a request wakes its waiter, which then reads the request from the forge (the
 * hook is a reason to look, the forge's answer is what counts). A hook that reaches another
 * replica wakes nothing here; the poll finds the merge then. Thread-safe.
 */
@Component
class PullRequestWaits {
    private static final Duration SLICE = Duration.ofSeconds(1);

    private final Map<String, Semaphore> waiting = new ConcurrentHashMap<>();

    @EventListener
    void closed(PullRequestClosed event) {
        Semaphore waiter = waiting.get(key(event.project(), event.number()));
        if (waiter != null) {
            waiter.release();
        }
    }

    /**
     * Sleeps up to {@code interval}, less when a hook reports the request closed; looks for an abort
     * at least once a second ({@link ProgressListener#checkStopped}).
     */
    void await(String project, long number, Duration interval, ProgressListener progress) {
        String key = key(project, number);
        Semaphore waiter = waiting.computeIfAbsent(key, k -> new Semaphore(0));
        try {
            long deadline = System.nanoTime() + interval.toNanos();
            for (long left = interval.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                progress.checkStopped();
                if (waiter.tryAcquire(Math.min(left, SLICE.toNanos()), TimeUnit.NANOSECONDS)) {
                    waiter.drainPermits();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request is merged or closed: nobody waits for it any more. */
    void forget(String project, long number) {
        waiting.remove(key(project, number));
    }

    private static String key(String project, long number) {
        return project.toLowerCase(Locale.ROOT) + "#" + number;
    }
}
