package dev.signoff.persistence;

import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Which process walks a release")
class ReleaseOwnershipTest extends DatabaseTest {
    private static final Duration STALE = Duration.ofMinutes(1);
    private JdbcReleaseStore store;

    @BeforeEach
    void repository() {
        store = new JdbcReleaseStore(db.jdbc(), db.transactions());
    }

    private JdbcReleaseOwnership process(String name) {
        return new JdbcReleaseOwnership(db.jdbc(), db.transactions(), name);
    }

    /** A release in that state, last changed {@code ago} before now. */
    private void release(String id, PromotionStatus status, Duration ago) {
        Instant changed = Instant.now().minus(ago);
        store.save(ReleaseRequest.restore(new ReleaseRequest.Snapshot(id, "storefront", "prod", "alice", changed,
                List.of(id + "-shop", id + "-cart"), List.of(), status, null, changed, 0)));
    }

    private void heartbeatsAnHourAgo() {
        db.jdbc().sql("update releases set heartbeat_at = :then")
                .param("then", Timestamps.column(Instant.now().minusSeconds(3600))).update();
    }

    @Test
    @DisplayName("name the approved or running releases nobody beat for, not the fresh, finished or waiting ones, nor a process's own")
    void orphans() {
        release("fresh", PromotionStatus.RUNNING, Duration.ZERO);
        release("approved", PromotionStatus.APPROVED, Duration.ofHours(1));
        release("running", PromotionStatus.RUNNING, Duration.ofHours(1));
        release("finished", PromotionStatus.SUCCEEDED, Duration.ofHours(1));
        release("waiting", PromotionStatus.PENDING_APPROVAL, Duration.ofHours(1));
        JdbcReleaseOwnership crashed = process("crashed");
        JdbcReleaseOwnership alive = process("alive");

        assertThat(alive.orphans(STALE)).containsExactlyInAnyOrder("approved", "running");

        crashed.hold("running");
        crashed.hold("fresh");
        assertThat(alive.orphans(STALE)).as("a held release beats").containsExactly("approved");
        heartbeatsAnHourAgo();
        assertThat(alive.orphans(STALE)).containsExactlyInAnyOrder("approved", "running", "fresh");
        assertThat(crashed.orphans(STALE)).as("a process never adopts its own").containsExactly("approved");
        crashed.beat();
        assertThat(alive.orphans(STALE)).as("nobody beats for the approved one").containsExactly("approved");
    }

    @Test
    @DisplayName("let exactly one of ten processes adopt an orphaned release, and none adopt it again while it beats")
    void adoptOnce() throws Exception {
        release("r1", PromotionStatus.RUNNING, Duration.ofHours(1));
        process("crashed").hold("r1");
        heartbeatsAnHourAgo();

        List<JdbcReleaseOwnership> adopters = IntStream.range(0, 10).mapToObj(i -> process("adopter" + i)).toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (JdbcReleaseOwnership adopter : adopters) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return adopter.adopt("r1", STALE);
                }));
            }
            go.countDown();
        }
        long won = 0;
        for (Future<Boolean> answer : answers) {
            won += answer.get() ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);
        assertThat(process("late").adopt("r1", STALE)).isFalse();
        assertThat(process("late").orphans(STALE)).isEmpty();
    }

    @Test
    @DisplayName("refuse to adopt a release that has ended")
    void endedNotAdopted() {
        release("r1", PromotionStatus.ROLLED_BACK, Duration.ofHours(1));

        assertThat(process("alive").adopt("r1", STALE)).isFalse();
    }
}
