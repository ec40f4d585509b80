package dev.signoff.observability;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.PromotionRequested;
import dev.signoff.promotion.events.StepProgressed;
import dev.signoff.promotion.spi.PromotionQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts promotions by app, stage and outcome, times steps and the wait for approval, and shows
 * how many promotions wait for approval. Exposed at {@code /actuator/prometheus} as
 * {@code signoff_promotions_total}, {@code signoff_step_duration_seconds},
 * {@code signoff_approval_wait_seconds} and {@code signoff_promotions_waiting}.
 * <p>
 * The series of every app and stage in the pipelines config exist from start-up, at zero, so
 * that {@code rate(...)} and alerts on them work before the first promotion: the count for each
 * outcome, the approval wait for each decision where the stage needs approval, and the waiting
 * gauge. The gauge is read from the database in one query, at start-up, every
 * {@code signoff.metrics.waiting-refresh} (30 s; that also sees other replicas' promotions), and
 * after each request and decision of this one. Step times exist for every step of every stage's
 * plan; a rollback or a pause appears when it first happens.
 */
@Component
class PromotionMetrics {
    private static final Logger log = LoggerFactory.getLogger(PromotionMetrics.class);
    /** How a promotion can end: {@code signoff_promotions_total{outcome}}. */
    static final Set<PromotionStatus> OUTCOMES = EnumSet.copyOf(Arrays.stream(PromotionStatus.values()).filter(PromotionStatus::isTerminal).toList());
    /** How the approval phase can end: {@code signoff_approval_wait_seconds{outcome}}. */
    static final Set<PromotionStatus> DECISIONS = EnumSet.of(PromotionStatus.APPROVED, PromotionStatus.REJECTED,
            PromotionStatus.EXPIRED, PromotionStatus.CANCELLED);

    /** How a step can end: {@code signoff_step_duration_seconds{outcome}}. */
    private static final List<String> STEP_OUTCOMES = List.of("done", "failed");

    private final MeterRegistry registry;
    private final Promotions promotions;
    private final PromotionQueries queries;
    /** Promotions waiting for approval, by app and then stage: the config's stages only. */
    private final Map<String, Map<String, AtomicInteger>> waiting = new HashMap<>();

    PromotionMetrics(MeterRegistry registry, Promotions promotions, PromotionQueries queries, PipelineConfig config) {
        this.registry = registry;
        this.promotions = promotions;
        this.queries = queries;
        for (AppConfig app : config.apps().values()) {
            for (Stage stage : app.stages()) {
                OUTCOMES.forEach(outcome -> outcomes(app.name(), stage.name(), outcome));
                for (PromotionKind kind : PromotionKind.values()) {
                    stage.steps(kind).forEach(step -> STEP_OUTCOMES.forEach(outcome -> steps(step, outcome)));
                }
                if (!stage.approval().isAutomatic()) {
                    DECISIONS.forEach(decision -> waits(app.name(), stage.name(), decision));
                }
                AtomicInteger count = new AtomicInteger();
                waiting.computeIfAbsent(app.name(), a -> new HashMap<>()).put(stage.name(), count);
                Gauge.builder("signoff.promotions.waiting", count, AtomicInteger::get)
                        .description("Promotions waiting for approval, by app and stage")
                        .tag("app", app.name()).tag("stage", stage.name())
                        .register(registry);
            }
        }
    }

    @EventListener
    void on(PromotionEvent event) {
        switch (event) {
            case PromotionRequested r -> countWaiting();
            case PromotionFinished f -> outcomes(f.app(), f.stage(), f.outcome()).increment();
            case PromotionDecided d -> {
                if (d.outcome() != PromotionStatus.APPROVED) {
                    outcomes(d.app(), d.stage(), d.outcome()).increment();
                }
                promotions.find(d.promotionId()).ifPresent(p -> waited(p, d.outcome()));
                countWaiting();
            }
            case StepProgressed s when s.state() != Step.State.RUNNING ->
                    promotions.find(s.promotionId()).ifPresent(p -> stepTook(p, s));
            default -> { }
        }
    }

    /**
     * Reads how many promotions wait for approval, per stage, in one query; a failure keeps the
     * last numbers. One at a time, so an older answer never overwrites a newer one.
     */
    @Scheduled(fixedDelayString = "${signoff.metrics.waiting-refresh:30s}")
    synchronized void countWaiting() {
        List<PromotionQueries.StageCount> counts;
        try {
            counts = queries.countByStage(PromotionStatus.PENDING_APPROVAL);
        } catch (RuntimeException e) {
            log.warn("could not count the promotions waiting for approval: {}", e.toString());
            return;
        }
        Map<String, Map<String, Integer>> now = new HashMap<>();
        counts.forEach(c -> now.computeIfAbsent(c.app(), a -> new HashMap<>()).put(c.stage(), c.count()));
        waiting.forEach((app, stages) -> stages.forEach((stage, gauge) ->
                gauge.set(now.getOrDefault(app, Map.of()).getOrDefault(stage, 0))));
    }

    private Counter outcomes(String app, String stage, PromotionStatus outcome) {
        return Counter.builder("signoff.promotions").description("Promotions that ended, by app, stage and outcome")
                .tag("app", app).tag("stage", stage).tag("outcome", tag(outcome))
                .register(registry);
    }

    private Timer waits(String app, String stage, PromotionStatus decision) {
        return Timer.builder("signoff.approval.wait").description("From request to decision")
                .tag("app", app).tag("stage", stage).tag("outcome", tag(decision))
                .register(registry);
    }

    private void waited(PromotionRequest p, PromotionStatus outcome) {
        if (p.requiredApprovals() == 0) {
            return;
        }
        waits(p.app(), p.toStage(), outcome).record(Duration.between(p.requestedAt(), p.updatedAt()));
    }

    private void stepTook(PromotionRequest p, StepProgressed s) {
        p.steps().stream().filter(step -> step.name().equals(s.step()) && step.finishedAt() != null)
                .reduce((first, second) -> second)
                .ifPresent(step -> steps(step.name(), step.isDone() ? "done" : "failed")
                        .record(Duration.between(step.startedAt(), step.finishedAt())));
    }

    private Timer steps(String step, String outcome) {
        return Timer.builder("signoff.step.duration").description("How long each step took")
                .tag("step", step).tag("outcome", outcome).register(registry);
    }

    private static String tag(PromotionStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
