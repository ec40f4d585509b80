package dev.signoff.promotion;

import dev.signoff.promotion.spi.ReleaseOwnership;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Release ownership in memory: a release is an orphan once a test says its process stopped, and is adopted once. */
class HeldReleases implements ReleaseOwnership {
    private final Set<String> orphaned = new LinkedHashSet<>();

    /** The process walking the release stopped: nobody beats for it. */
    synchronized void orphan(String releaseId) {
        orphaned.add(releaseId);
    }

    @Override
    public synchronized void hold(String releaseId) {
        orphaned.remove(releaseId);
    }

    @Override
    public void beat() {
    }

    @Override
    public synchronized List<String> orphans(Duration staleness) {
        return List.copyOf(orphaned);
    }

    @Override
    public synchronized boolean adopt(String releaseId, Duration staleness) {
        return orphaned.remove(releaseId);
    }
}
