package dev.signoff.promotion.spi;

import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;

import java.time.Instant;
import java.util.List;

/** Read-side questions about promotions. */
public interface PromotionQueries {

    /** Newest first; {@code app} and {@code stage} may be null for all. */
    List<PromotionRequest> recent(String app, String stage, int limit);

    /** Promotions of one app and stage in the given status, oldest first. */
    List<PromotionRequest> inStatus(String app, String stage, PromotionStatus status);

    /** Pending promotions whose expiry has passed. */
    List<PromotionRequest> expiredBefore(Instant now);
}
