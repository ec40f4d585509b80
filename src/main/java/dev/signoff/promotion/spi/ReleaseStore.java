package dev.signoff.promotion.spi;

import dev.signoff.promotion.ReleaseRequest;

import java.util.Optional;

/** Keeps releases and which promotions belong to them. */
public interface ReleaseStore {
    Optional<ReleaseRequest> findRelease(String id);

    /**
     * Inserts a new release (version 0) or updates one whose stored version is still the one it was
     * loaded with, with its members and undos; otherwise throws {@link PromotionStore.ConcurrentChange}.
     */
    void save(ReleaseRequest release);

    /** The id of the release the promotion belongs to (as a member or an undo), if any. */
    Optional<String> releaseOf(String promotionId);

    /** The newest release of that name. */
    Optional<ReleaseRequest> latestRelease(String name);
}
