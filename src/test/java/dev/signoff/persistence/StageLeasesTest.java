package dev.signoff.persistence;

import dev.signoff.promotion.PromotionRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.signoff.persistence.TestPromotions.*;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stage leases")
class StageLeasesTest extends DatabaseTest {
    private JdbcPromotionStore store;
    private JdbcStageLeases leases;

    @BeforeEach
    void repositories() {
        store = new JdbcPromotionStore(db.jdbc(), db.transactions());
        leases = new JdbcStageLeases(db.jdbc(), db.transactions());
    }

    private PromotionRequest approved(String id) {
        PromotionRequest p = open(id);
        approveByTwo(p);
        store.save(p);
        return p;
    }

    private Optional<String> holder() {
        return db.jdbc().sql("select promotion_id from stage_leases where app = 'shop' and stage = 'prod'")
                .query(String.class).optional();
    }

    /** Every thread tries at once; returns each one's answer, in thread order. */
    private List<Optional<String>> race(List<String> promotionIds) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<String>>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(promotionIds.size())) {
            for (String id : promotionIds) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return leases.tryAcquire("shop", "prod", id);
                }));
            }
            go.countDown();
        }
        List<Optional<String>> out = new ArrayList<>();
        for (Future<Optional<String>> answer : answers) {
            out.add(answer.get());
        }
        return out;
    }

    @Test
    @DisplayName("give the stage to one promotion and tell the next who holds it; the holder may ask again")
    void oneHolder() {
        approved("p-1");
        approved("p-2");

        assertThat(leases.tryAcquire("shop", "prod", "p-1")).isEmpty();
        assertThat(leases.tryAcquire("shop", "prod", "p-2")).contains("p-1");
        assertThat(leases.tryAcquire("shop", "prod", "p-1")).isEmpty();
        assertThat(leases.tryAcquire("shop", "test", "p-2")).isEmpty();
    }

    @Test
    @DisplayName("of twenty promotions racing for a free stage, give it to exactly one and name it to the others")
    void raceForAFreeStage() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "p-" + i).toList();
        ids.forEach(this::approved);

        List<Optional<String>> answers = race(ids);

        assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
        String winner = ids.get(answers.indexOf(Optional.<String>empty()));
        assertThat(answers).filteredOn(Optional::isPresent).hasSize(19).allSatisfy(a -> assertThat(a).contains(winner));
        assertThat(holder()).contains(winner);
    }

    @Test
    @DisplayName("let the next promotion take over the lease of a holder that has ended")
    void takeOverFromEndedHolder() {
        PromotionRequest first = approved("p-1");
        approved("p-2");
        leases.tryAcquire("shop", "prod", "p-1");
        first.cancel("alice", "not needed", at(300));
        store.save(first);

        assertThat(leases.tryAcquire("shop", "prod", "p-2")).isEmpty();
        assertThat(holder()).contains("p-2");
    }

    @Test
    @DisplayName("let the next promotion take over the lease of a holder that was never stored")
    void takeOverFromUnknownHolder() {
        approved("p-2");
        leases.tryAcquire("shop", "prod", "p-ghost");

        assertThat(leases.tryAcquire("shop", "prod", "p-2")).isEmpty();
        assertThat(holder()).contains("p-2");
    }

    @Test
    @DisplayName("of twenty promotions racing to take over from an ended holder, let exactly one win")
    void raceToTakeOver() throws Exception {
        PromotionRequest ended = approved("p-0");
        leases.tryAcquire("shop", "prod", "p-0");
        ended.fail("copy failed", at(300));
        store.save(ended);
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "p-" + i).toList();
        ids.forEach(this::approved);

        List<Optional<String>> answers = race(ids);

        assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
        String winner = ids.get(answers.indexOf(Optional.<String>empty()));
        assertThat(answers).filteredOn(Optional::isPresent).allSatisfy(a -> assertThat(a).contains(winner));
        assertThat(holder()).contains(winner);
    }

    @Test
    @DisplayName("ignore a release by a promotion that does not hold the lease, and free the stage on the holder's")
    void release() {
        approved("p-1");
        approved("p-2");
        leases.tryAcquire("shop", "prod", "p-1");

        leases.release("shop", "prod", "p-2");
        assertThat(holder()).contains("p-1");

        leases.release("shop", "prod", "p-1");
        assertThat(holder()).isEmpty();
        assertThat(leases.tryAcquire("shop", "prod", "p-2")).isEmpty();
    }

    @Test
    @DisplayName("name the leases of a process that stopped beating, and let exactly one other process adopt each")
    void orphansAndAdoption() throws Exception {
        JdbcStageLeases crashed = new JdbcStageLeases(db.jdbc(), db.transactions(), "crashed");
        approved("p1");
        assertThat(crashed.tryAcquire("shop", "prod", "p1")).isEmpty();
        JdbcStageLeases alive = new JdbcStageLeases(db.jdbc(), db.transactions(), "alive");
        assertThat(alive.orphans(java.time.Duration.ofMinutes(1))).isEmpty();
        db.jdbc().sql("update stage_leases set heartbeat_at = :then").param("then", Timestamps.column(java.time.Instant.now().minusSeconds(3600))).update();
        assertThat(alive.orphans(java.time.Duration.ofMinutes(1))).containsExactly("p1");
        assertThat(crashed.orphans(java.time.Duration.ofMinutes(1))).as("a process never adopts its own").isEmpty();

        List<JdbcStageLeases> adopters = IntStream.range(0, 10).mapToObj(i -> new JdbcStageLeases(db.jdbc(), db.transactions(), "adopter" + i)).toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (JdbcStageLeases adopter : adopters) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return adopter.adopt("p1", java.time.Duration.ofMinutes(1));
                }));
            }
            go.countDown();
        }
        long won = 0;
        for (Future<Boolean> answer : answers) {
            won += answer.get() ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);

        crashed.release("shop", "prod", "p1");
        assertThat(holder()).as("the stopped process cannot give back an adopted lease").contains("p1");
    }

    @Test
    @DisplayName("a beating process keeps its leases")
    void beating() {
        approved("p1");
        leases.tryAcquire("shop", "prod", "p1");
        db.jdbc().sql("update stage_leases set heartbeat_at = :then").param("then", Timestamps.column(java.time.Instant.now().minusSeconds(3600))).update();
        JdbcStageLeases other = new JdbcStageLeases(db.jdbc(), db.transactions(), "other");
        assertThat(other.orphans(java.time.Duration.ofMinutes(1))).containsExactly("p1");
        leases.beat();
        assertThat(other.orphans(java.time.Duration.ofMinutes(1))).isEmpty();
    }
}
