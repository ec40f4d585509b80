package dev.signoff.promotion;

import dev.signoff.promotion.spi.StageLocks;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Whether a stage takes promotions now: it is not locked and not frozen. One rule, asked before
 * a card is posted and again when an approved promotion is about to run. A break-glass promotion
 * passes a freeze, never a lock.
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
        return blocked(app, stage, false);
    }

    /** As {@link #blocked(String, Stage)}; {@code throughFreeze} for a break-glass promotion, which a freeze does not stop. */
    Optional<Blocked> blocked(String app, Stage stage, boolean throughFreeze) {
        var lock = locks.find(app, stage.name());
        if (lock.isPresent()) {
            return Optional.of(new Blocked(app + " " + stage.name() + " is locked by " + lock.get().holder()
                    + (lock.get().reason() != null ? " (" + lock.get().reason() + ")" : ""),
                    "Unlock it with /signoff unlock " + app + " " + stage.name() + "."));
        }
        if (throughFreeze) {
            return Optional.empty();
        }
        return stage.frozenAt(clock.instant()).map(w -> new Blocked(
                app + " " + stage.name() + " is frozen (" + w + ") until " + w.endText(), null));
    }

    /** Refuses, in words, a request for a stage that is locked or frozen. */
    void requireOpen(String app, Stage stage) {
        requireOpen(app, stage, false);
    }

    /** Refuses, in words, a request for a stage that is locked, or frozen unless {@code throughFreeze}. */
    void requireOpen(String app, Stage stage, boolean throughFreeze) {
        blocked(app, stage, throughFreeze).ifPresent(b -> {
            throw new Refusal(b.reason() + "." + (b.remedy() != null ? " " + b.remedy() : ""));
        });
    }
}
