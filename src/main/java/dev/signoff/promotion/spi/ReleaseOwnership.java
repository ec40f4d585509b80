package dev.signoff.promotion.spi;

import java.time.Duration;
import java.util.List;

/**
 * Which process walks which release: the process that claims an approved release holds it and
 * renews it with a heartbeat, as a running promotion holds its stage lease. A release whose
 * process stopped beating (approved but never started, or stopped between or during its members)
 * can be adopted by another process, exactly once.
 */
public interface ReleaseOwnership {

    /** This process walks the release from now on. */
    void hold(String releaseId);

    /** Renews the heartbeat of every approved or running release this process holds. */
    void beat();

    /** Approved or running releases whose holder has not beaten (or that nobody held) for longer than {@code staleness}. */
    List<String> orphans(Duration staleness);

    /** Takes over an orphaned release; false when it is not stale any more, has ended, or another process adopted it first. */
    boolean adopt(String releaseId, Duration staleness);
}
