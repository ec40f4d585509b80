package dev.signoff.promotion.spi;

import java.util.Optional;

/**
 * A database-held lease per stage so that promotions into one stage run one after the other,
 * across replicas. A lease held by a promotion that has ended counts as free.
 */
public interface StageLeases {
    /** Takes the lease for {@code promotionId}; returns the holder's id when someone else has it. */
    Optional<String> tryAcquire(String app, String stage, String promotionId);

    void release(String app, String stage, String promotionId);
}
