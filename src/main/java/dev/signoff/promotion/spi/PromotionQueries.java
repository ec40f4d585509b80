package dev.signoff.promotion.spi;

import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;

import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-side questions about promotions. */
public interface PromotionQueries {

    /** Newest first; {@code app} and {@code stage} may be null for all. */
    List<PromotionRequest> recent(String app, String stage, int limit);

    /** Promotions of one app and stage in the given status, oldest first. */
    List<PromotionRequest> inStatus(String app, String stage, PromotionStatus status);

    /** Pending promotions whose expiry has passed. */
    List<PromotionRequest> expiredBefore(Instant now);

    /**
     * How many promotions are in the given status, per app and stage; stages with none are left
     * out. Adapters answer it with one query; this default reads every promotion, which only
     * suits small in-memory stores.
     */
    default List<StageCount> countByStage(PromotionStatus status) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (PromotionRequest p : recent(null, null, Integer.MAX_VALUE)) {
            if (p.status() == status) {
                counts.merge(List.of(p.app(), p.toStage()), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().map(e -> new StageCount(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
    }

    /** A number of promotions into one stage of one app. */
    record StageCount(String app, String stage, int count) {
    }
}
