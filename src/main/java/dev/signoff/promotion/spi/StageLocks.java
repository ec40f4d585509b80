package dev.signoff.promotion.spi;

import dev.signoff.promotion.StageLock;

import java.util.Optional;

/** Locks people put on a stage ("/signoff lock shop prod incident 42"). */
public interface StageLocks {
    Optional<StageLock> find(String app, String stage);

    /** Locks the stage unless it is locked already; returns the lock in force afterwards. */
    StageLock lock(StageLock lock);

    /** Returns whether a lock was removed. */
    boolean unlock(String app, String stage);
}
