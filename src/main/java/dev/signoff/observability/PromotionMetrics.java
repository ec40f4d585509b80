package dev.signoff.observability;

import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.StepProgressed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Counts promotions by app, stage and outcome, times steps and the wait for approval. Exposed
 * at {@code /actuator/prometheus} as {@code signoff_promotions_total},
 * {@code signoff_step_duration_seconds} and {@code signoff_approval_wait_seconds}.
 */
@Component
class PromotionMetrics {
    private final MeterRegistry registry;
    private final Promotions promotions;

    PromotionMetrics(MeterRegistry registry, Promotions promotions) {
        this.registry = registry;
        this.promotions = promotions;
    }

    @EventListener
    void on(PromotionEvent event) {
        switch (event) {
            case PromotionFinished f -> outcome(f.app(), f.stage(), f.outcome());
            case PromotionDecided d -> {
                if (d.outcome() != PromotionStatus.APPROVED) {
                    outcome(d.app(), d.stage(), d.outcome());
                }
                promotions.find(d.promotionId()).ifPresent(p -> waited(p, d.outcome()));
            }
            case StepProgressed s when s.state() != Step.State.RUNNING ->
                    promotions.find(s.promotionId()).ifPresent(p -> stepTook(p, s));
            default -> { }
        }
    }

    private void outcome(String app, String stage, PromotionStatus outcome) {
        Counter.builder("signoff.promotions").description("Promotions that ended, by app, stage and outcome")
                .tag("app", app).tag("stage", stage).tag("outcome", outcome.name().toLowerCase())
                .register(registry).increment();
    }

    private void waited(PromotionRequest p, PromotionStatus outcome) {
        if (p.requiredApprovals() == 0) {
            return;
        }
        Timer.builder("signoff.approval.wait").description("From request to decision")
                .tag("app", p.app()).tag("stage", p.toStage()).tag("outcome", outcome.name().toLowerCase())
                .register(registry).record(Duration.between(p.requestedAt(), p.updatedAt()));
    }

    private void stepTook(PromotionRequest p, StepProgressed s) {
        p.steps().stream().filter(step -> step.name().equals(s.step()) && step.finishedAt() != null)
                .reduce((first, second) -> second)
                .ifPresent(step -> Timer.builder("signoff.step.duration").description("How long each step took")
                        .tag("step", step.name()).tag("outcome", step.state() == Step.State.DONE ? "done" : "failed")
                        .register(registry).record(Duration.between(step.startedAt(), step.finishedAt())));
    }
}
