package dev.signoff.promotion;

import dev.signoff.promotion.spi.StageLocks;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Whether a stage takes promotions now: it is not locked and not frozen. One rule, asked before
 * a card is posted and again when an approved promotion is about to run.
 */
@Component
class StageGuard {
    private final StageLocks locks;
    private final Clock clock;

    StageGuard(StageLocks locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** Why nothing may enter the stage now ("shop prod is locked by erin (audit)"), with what a person can do about it. */
    record Blocked(String reason, String remedy) {
    }

    Optional<Blocked> blocked(String app, Stage stage) {
        var lock = locks.find(app, stage.name());
        if (lock.isPresent()) {
            return Optional.of(new Blocked(app + " " + stage.name() + " is locked by " + lock.get().holder()
                    + (lock.get().reason() != null ? " (" + lock.get().reason() + ")" : ""),
                    "Unlock it with /signoff unlock " + app + " " + stage.name() + "."));
        }
        return stage.frozenAt(clock.instant()).map(w -> new Blocked(
                app + " " + stage.name() + " is frozen (" + w + ") until " + w.endText(), null));
    }

    /** Refuses, in words, a request for a stage that is locked or frozen. */
    void requireOpen(String app, Stage stage) {
        blocked(app, stage).ifPresent(b -> {
            throw new Refusal(b.reason() + "." + (b.remedy() != null ? " " + b.remedy() : ""));
        });
    }
}
