package dev.signoff.persistence;

import dev.signoff.ci.spi.HookDelivery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Hook deliveries")
class HookDeliveriesTest extends DatabaseTest {
    private JdbcHookDeliveries deliveries;

    @BeforeEach
    void repository() {
        deliveries = new JdbcHookDeliveries(db.jdbc(), db.transactions());
    }

    private static HookDelivery delivery(String source, String id) {
        return new HookDelivery(source, id, "shop", "build", "sandbox/shop:sha-3484a3f", "3484a3f", at(0), null);
    }

    @Test
    @DisplayName("are claimed once per source and id; the same id from another source is another delivery")
    void claimOnce() {
        assertThat(deliveries.claim(delivery("github", "d-1"))).isTrue();
        assertThat(deliveries.claim(delivery("github", "d-1"))).isFalse();
        assertThat(deliveries.claim(delivery("generic", "d-1"))).isTrue();
    }

    @Test
    @DisplayName("are claimed by exactly one of 24 concurrent claims of one id")
    void concurrentClaims() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
            for (int i = 0; i < 24; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return deliveries.claim(delivery("generic", "race-1"));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isOne();
        }
        assertThat(db.jdbc().sql("select count(*) from hook_deliveries").query(Long.class).single()).isOne();
    }

    @Test
    @DisplayName("keep how their work ended")
    void finish() {
        deliveries.claim(delivery("github", "d-2"));

        deliveries.finish("github", "d-2", "promoting to dev (promotion k3f9x2ab)", at(5));

        assertThat(db.jdbc().sql("select outcome from hook_deliveries where delivery_id = 'd-2'").query(String.class).single())
                .isEqualTo("promoting to dev (promotion k3f9x2ab)");
    }

    @Test
    @DisplayName("keep unfinished work until finished, and let exactly one of ten processes take it on again")
    void unfinishedWork() throws Exception {
        java.time.Instant received = java.time.Instant.parse("2026-11-18T10:00:00Z");
        deliveries.claim(new HookDelivery("generic", "w-1", "shop", "build", null, "abc", received, "[{\"app\":\"shop\"}]"));
        deliveries.claim(new HookDelivery("generic", "w-2", "shop", "build", null, "def", received, "[]"));
        deliveries.finish("generic", "w-2", "recorded", received.plusSeconds(1));
        java.time.Instant later = received.plusSeconds(600);
        assertThat(deliveries.unfinished(later)).extracting(HookDelivery::deliveryId).containsExactly("w-1");
        assertThat(deliveries.unfinished(later).getFirst().work()).isEqualTo("[{\"app\":\"shop\"}]");
        assertThat(deliveries.unfinished(received)).as("not yet old enough").isEmpty();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return deliveries.retake("generic", "w-1", later, later);
                }));
            }
            go.countDown();
        }
        int took = 0;
        for (Future<Boolean> answer : answers) {
            took += answer.get() ? 1 : 0;
        }
        assertThat(took).isEqualTo(1);
        assertThat(deliveries.unfinished(later)).as("taken on again just now").isEmpty();
        assertThat(deliveries.retake("generic", "w-2", later, later)).as("finished work is never retaken").isFalse();
    }
}
