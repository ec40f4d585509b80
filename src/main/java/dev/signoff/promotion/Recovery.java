package dev.signoff.promotion;

import dev.signoff.promotion.spi.Leadership;
import dev.signoff.promotion.spi.ReleaseOwnership;
import dev.signoff.promotion.spi.RunOwnership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Keeps running promotions owned and finishes the ones a stopped process left behind. Every
 * process beats for the leases it holds; the leader of the "recovery" job adopts leases whose
 * holder has not beaten for {@code signoff.recovery.stale-after} and resumes those promotions,
 * and starts approved promotions that never started (their process stopped first). Adoption is
 * itself a row-locked update, so even two leaders for a moment would not run a promotion twice.
 * Releases are held and adopted the same way ({@link ReleaseOwnership}): an approved release that
 * never started is started, and a running one is walked on by {@link ReleaseRunner#resume} (its
 * member that ran is resumed above, as any promotion).
 */
@Component
class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final RunOwnership ownership;
    private final PipelineConfig config;
    private final StageQueue queue;
    private final ReleaseOwnership releaseOwnership;
    private final ReleaseRunner releases;
    private final Leadership leadership;
    private final Duration staleAfter;

    Recovery(RunOwnership ownership, PipelineConfig config, StageQueue queue, ReleaseOwnership releaseOwnership,
             ReleaseRunner releases, Leadership leadership, @Value("${signoff.recovery.stale-after:45s}") Duration staleAfter) {
        this.ownership = ownership;
        this.leadership = leadership;
        this.config = config;
        this.queue = queue;
        this.releaseOwnership = releaseOwnership;
        this.releases = releases;
        this.staleAfter = staleAfter;
    }

    @Scheduled(fixedDelayString = "${signoff.recovery.heartbeat:10s}")
    void beat() {
        ownership.beat();
        releaseOwnership.beat();
    }

    @Scheduled(fixedDelayString = "${signoff.recovery.interval:15s}", initialDelayString = "${signoff.recovery.initial-delay:5s}")
    void recover() {
        if (!leadership.lead("recovery", staleAfter)) {
            return;
        }
        for (String id : ownership.orphans(staleAfter)) {
            if (ownership.adopt(id, staleAfter)) {
                log.info("resuming promotion {}: the process running it stopped", id);
                queue.resume(id);
            }
        }
        for (String id : releaseOwnership.orphans(staleAfter)) {
            if (releaseOwnership.adopt(id, staleAfter)) {
                log.info("taking up release {}: the process walking it stopped", id);
                releases.resume(id);
            }
        }
        config.apps().values().forEach(app -> app.stages().forEach(stage -> queue.startNext(app.name(), stage.name())));
    }
}
