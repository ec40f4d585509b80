package dev.signoff.promotion;

import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records one step of a promotion as it runs: its start, its progress (saved at most once a
 * second; cards coalesce further) and its end, with its memo, or its failure. Changes to the
 * promotion are made under its monitor, since adapters may report progress from their own threads.
 */
final class StepRecorder {
    /** Progress is saved (and so shown) at most this often. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final Transitions transitions;
    private final Clock clock;

    StepRecorder(Transitions transitions, Clock clock) {
        this.transitions = transitions;
        this.clock = clock;
    }

    /** Runs {@code work} as the step {@code name}; returns its summary, or rethrows its failure once recorded. */
    String run(PromotionRequest p, String name, String detail, Function<ProgressListener, String> work, Supplier<String> memo) {
        synchronized (p) {
            p.stepStarted(name, detail, clock.instant());
            transitions.save(p);
        }
        String summary;
        try {
            summary = work.apply(throttled(p, name));
        } catch (StepFailure e) {
            synchronized (p) {
                p.stepFailed(name, e.getMessage(), clock.instant());
                transitions.save(p);
            }
            throw e;
        }
        synchronized (p) {
            p.stepDone(name, summary, memo.get(), clock.instant());
            transitions.save(p);
        }
        return summary;
    }

    private ProgressListener throttled(PromotionRequest p, String step) {
        Instant[] last = {Instant.EPOCH};
        return detail -> {
            Instant now = clock.instant();
            synchronized (p) {
                if (Duration.between(last[0], now).compareTo(PROGRESS_INTERVAL) < 0) {
                    return;
                }
                last[0] = now;
                p.stepProgressed(step, detail, now);
                transitions.save(p);
            }
        };
    }
}
