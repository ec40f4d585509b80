package dev.signoff.promotion.spi;

import java.time.Duration;
import java.util.List;

/**
 * Which process runs which promotion: a running promotion holds its stage lease in the name of
 * the process running it, which renews it with a heartbeat. A promotion whose process stopped
 * beating (it crashed, or was killed) can be adopted by another, exactly once.
 */
public interface RunOwnership {

    /** Renews the heartbeat of every lease this process holds. */
    void beat();

    /** Promotions whose lease holder has not beaten for longer than {@code staleness}. */
    List<String> orphans(Duration staleness);

    /** Takes over the lease of an orphan; false when it is not stale any more or another process adopted it first. */
    boolean adopt(String promotionId, Duration staleness);
}
