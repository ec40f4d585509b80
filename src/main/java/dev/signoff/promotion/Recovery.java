package dev.signoff.promotion;

import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.RunOwnership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Keeps running promotions owned and finishes the ones a stopped process left behind. This
 * process beats for the leases it holds; any process adopts leases whose holder has not beaten
 * for {@code signoff.recovery.stale-after} and resumes those promotions. Approved promotions
 * that never started (their process stopped first) are started again. Safe on every replica:
 * adoption is a conditional update, and a promotion runs only with its stage lease.
 */
@Component
class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final RunOwnership ownership;
    private final PromotionQueries queries;
    private final PipelineConfig config;
    private final PromotionRunner runner;
    private final Duration staleAfter;

    Recovery(RunOwnership ownership, PromotionQueries queries, PipelineConfig config, PromotionRunner runner,
             @Value("${signoff.recovery.stale-after:45s}") Duration staleAfter) {
        this.ownership = ownership;
        this.queries = queries;
        this.config = config;
        this.runner = runner;
        this.staleAfter = staleAfter;
    }

    @Scheduled(fixedDelayString = "${signoff.recovery.heartbeat:10s}")
    void beat() {
        ownership.beat();
    }

    @Scheduled(fixedDelayString = "${signoff.recovery.interval:15s}", initialDelayString = "${signoff.recovery.initial-delay:5s}")
    void recover() {
        for (String id : ownership.orphans(staleAfter)) {
            if (ownership.adopt(id, staleAfter)) {
                log.info("resuming promotion {}: the process running it stopped", id);
                runner.resume(id);
            }
        }
        config.apps().values().forEach(app -> app.stages().forEach(stage ->
                queries.inStatus(app.name(), stage.name(), PromotionStatus.APPROVED).stream().findFirst()
                        .ifPresent(p -> runner.submit(p.id()))));
    }
}
