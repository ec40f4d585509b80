package dev.signoff.persistence;

import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.spi.PromotionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Releases and their members")
class ReleaseStoreTest extends DatabaseTest {
    private JdbcReleaseStore store;

    @BeforeEach
    void repository() {
        store = new JdbcReleaseStore(db.jdbc(), db.transactions());
    }

    private static ReleaseRequest.Snapshot release(String id, String name, long seconds, PromotionStatus status, List<String> undos, long version) {
        return new ReleaseRequest.Snapshot(id, name, "prod", "alice", at(seconds), List.of(id + "-shop", id + "-cart", id + "-pay"), undos,
                status, status == PromotionStatus.ROLLED_BACK ? "cart failed: ProgressDeadlineExceeded; put back: shop back at sha256:0a1b" : null,
                at(seconds + 5), version);
    }

    @Test
    @DisplayName("keep a release with its members in running order, its undos, state and reason, and find it by a member")
    void roundTrip() {
        store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.PENDING_APPROVAL, List.of(), 0)));
        ReleaseRequest loaded = store.findRelease("r1").orElseThrow();
        assertThat(loaded.snapshot()).isEqualTo(release("r1", "storefront", 0, PromotionStatus.PENDING_APPROVAL, List.of(), 1));

        ReleaseRequest.Snapshot finished = release("r1", "storefront", 0, PromotionStatus.ROLLED_BACK, List.of("u1"), 1);
        store.save(ReleaseRequest.restore(finished));

        assertThat(store.findRelease("r1").orElseThrow().snapshot()).isEqualTo(release("r1", "storefront", 0, PromotionStatus.ROLLED_BACK,
                List.of("u1"), 2));
        assertThat(store.releaseOf("r1-cart")).contains("r1");
        assertThat(store.releaseOf("u1")).contains("r1");
        assertThat(store.releaseOf("someone-else")).isEmpty();
        assertThat(store.findRelease("r2")).isEmpty();
    }

    @Test
    @DisplayName("a save from a stale copy is refused as a concurrent change and stores nothing")
    void versionCheck() {
        store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.PENDING_APPROVAL, List.of(), 0)));
        store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.APPROVED, List.of(), 1)));

        assertThatThrownBy(() -> store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.CANCELLED, List.of("u9"), 1))))
                .isInstanceOf(PromotionStore.ConcurrentChange.class);
        assertThatThrownBy(() -> store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.PENDING_APPROVAL, List.of(), 0))))
                .isInstanceOf(PromotionStore.ConcurrentChange.class);

        ReleaseRequest stored = store.findRelease("r1").orElseThrow();
        assertThat(stored.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(stored.undos()).isEmpty();
        assertThat(store.releaseOf("u9")).isEmpty();
    }

    @Test
    @DisplayName("answer the newest release of a name")
    void latest() {
        store.save(ReleaseRequest.restore(release("r1", "storefront", 0, PromotionStatus.PENDING_APPROVAL, List.of(), 0)));
        store.save(ReleaseRequest.restore(release("r2", "storefront", 100, PromotionStatus.PENDING_APPROVAL, List.of(), 0)));
        store.save(ReleaseRequest.restore(release("r3", "backoffice", 200, PromotionStatus.PENDING_APPROVAL, List.of(), 0)));

        assertThat(store.latestRelease("storefront").map(ReleaseRequest::id)).contains("r2");
        assertThat(store.latestRelease("nothing")).isEmpty();
    }
}
