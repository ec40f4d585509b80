package dev.signoff.persistence;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.spi.PromotionQueries.StageCount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.signoff.persistence.TestPromotions.*;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Promotion queries")
class PromotionQueriesTest extends DatabaseTest {
    private JdbcPromotionStore store;
    private JdbcPromotionQueries queries;

    @BeforeEach
    void repositories() {
        store = new JdbcPromotionStore(db.jdbc(), db.transactions());
        queries = new JdbcPromotionQueries(db.jdbc());
    }

    private PromotionRequest saved(String id, String app, String stage, long secondsAfterT0) {
        PromotionRequest p = open(id, app, stage, at(secondsAfterT0));
        store.save(p);
        return p;
    }

    private static List<String> ids(List<PromotionRequest> promotions) {
        return promotions.stream().map(PromotionRequest::id).toList();
    }

    @Test
    @DisplayName("list recent promotions newest first, for everything, one app, or one app and stage, up to the limit")
    void recent() {
        saved("shop-test-1", "shop", "test", 10);
        saved("shop-prod-1", "shop", "prod", 20);
        saved("cart-prod-1", "cart", "prod", 30);
        saved("shop-prod-2", "shop", "prod", 40);

        assertThat(ids(queries.recent(null, null, 10))).containsExactly("shop-prod-2", "cart-prod-1", "shop-prod-1", "shop-test-1");
        assertThat(ids(queries.recent("shop", null, 10))).containsExactly("shop-prod-2", "shop-prod-1", "shop-test-1");
        assertThat(ids(queries.recent("shop", "prod", 10))).containsExactly("shop-prod-2", "shop-prod-1");
        assertThat(ids(queries.recent(null, "prod", 2))).containsExactly("shop-prod-2", "cart-prod-1");
        assertThat(ids(queries.recent("shop", null, 1))).containsExactly("shop-prod-2");
    }

    @Test
    @DisplayName("load each listed promotion whole, with its votes and steps")
    void recentLoadsWholeAggregates() {
        PromotionRequest running = in(PromotionStatus.RUNNING, "p-running");
        store.save(running);

        PromotionRequest listed = queries.recent("shop", "prod", 1).getFirst();

        assertThat(listed.snapshot()).isEqualTo(running.snapshot());
        assertThat(listed.votes()).hasSize(2);
        assertThat(listed.steps()).hasSize(3);
    }

    @Test
    @DisplayName("find the promotions of one app and stage in one status, oldest first")
    void inStatus() {
        saved("p-2", "shop", "prod", 20);
        saved("p-1", "shop", "prod", 10);
        saved("p-other-stage", "shop", "test", 5);
        saved("p-other-app", "cart", "prod", 5);
        PromotionRequest approved = saved("p-approved", "shop", "prod", 1);
        approveByTwo(approved);
        store.save(approved);

        assertThat(ids(queries.inStatus("shop", "prod", PromotionStatus.PENDING_APPROVAL))).containsExactly("p-1", "p-2");
        assertThat(ids(queries.inStatus("shop", "prod", PromotionStatus.APPROVED))).containsExactly("p-approved");
        assertThat(queries.inStatus("shop", "prod", PromotionStatus.FAILED)).isEmpty();
    }

    @Test
    @DisplayName("count the promotions in one status per app and stage, leaving out stages with none")
    void countByStage() {
        saved("p-1", "shop", "prod", 10);
        saved("p-2", "shop", "prod", 20);
        saved("p-test", "shop", "test", 5);
        saved("p-cart", "cart", "prod", 5);
        PromotionRequest approved = saved("p-approved", "cart", "prod", 1);
        approveByTwo(approved);
        store.save(approved);

        assertThat(queries.countByStage(PromotionStatus.PENDING_APPROVAL)).containsExactlyInAnyOrder(
                new StageCount("shop", "prod", 2), new StageCount("shop", "test", 1), new StageCount("cart", "prod", 1));
        assertThat(queries.countByStage(PromotionStatus.APPROVED)).containsExactly(new StageCount("cart", "prod", 1));
        assertThat(queries.countByStage(PromotionStatus.FAILED)).isEmpty();
    }

    @Test
    @DisplayName("find pending promotions whose expiry is at or before now, and nothing else")
    void expiredBefore() {
        saved("p-expired", "shop", "prod", 0);
        saved("p-exactly-now", "shop", "prod", 3600);
        saved("p-still-open", "shop", "prod", 3601);
        PromotionRequest approved = saved("p-approved", "shop", "prod", 0);
        approveByTwo(approved);
        store.save(approved);
        ApprovalPolicy neverExpires = new ApprovalPolicy(2, List.of("group:release"), false, null);
        store.save(PromotionRequest.open(draft("p-no-expiry", "shop", "prod"), neverExpires, at(0)));

        List<PromotionRequest> expired = queries.expiredBefore(at(3600).plus(Duration.ofHours(24)));

        assertThat(ids(expired)).containsExactly("p-expired", "p-exactly-now");
        assertThat(expired).allSatisfy(p -> assertThat(p.isExpiredAt(at(3600).plus(Duration.ofHours(24)))).isTrue());
    }
}
