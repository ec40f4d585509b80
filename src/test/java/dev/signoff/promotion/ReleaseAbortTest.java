package dev.signoff.promotion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static dev.signoff.promotion.TestPipelines.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("Aborting a running release")
class ReleaseAbortTest {
    private static final Digest BEFORE = Digest.sha256Of("shop before the release");
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final Core core = new Core(ReleasesTest.config(), background);
    private final Releases releases = core.releases;

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    @DisplayName("an abort during the second app's rollout stops it, puts the first back, and the third never starts")
    void duringSecondApp() throws InterruptedException {
        core.store.record(new StageDeployment("shop", "test", BEFORE, PromotionKind.PROMOTE, "earlier", "carol", core.clock.instant()));
        core.registry.push("enterprise/shop:test", BEFORE);
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/cart:dev", D2);
        core.registry.push("sandbox/payments:dev", D3);
        CountDownLatch cartRolling = new CountDownLatch(1);
        AtomicInteger rollouts = new AtomicInteger();
        core.deployer.slowRollouts = () -> {
            if (rollouts.incrementAndGet() == 2) {
                cartRolling.countDown();
            }
        };
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        releases.approve("carol", r.id());
        releases.approve("erin", r.id());
        assertThatThrownBy(() -> releases.abort("dave", r.id(), "wrong build")).isInstanceOf(Refusal.class)
                .hasMessage("Only alice, who asked for release " + r.id() + ", or someone who may approve each of its apps can abort it;"
                        + " you may not approve cart in test.");
        assertThat(cartRolling.await(30, TimeUnit.SECONDS)).as("cart's rollout started").isTrue();
        core.deployer.slowRollouts = null;

        ReleaseRequest asked = releases.abort("carol", r.id(), "wrong build");

        assertThat(asked.status()).isEqualTo(PromotionStatus.RUNNING);
        ReleaseRequest ended = await().atMost(Duration.ofSeconds(30))
                .until(() -> releases.find(r.id()).orElseThrow(), x -> x.status().isTerminal());
        assertThat(ended.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(ended.statusReason()).isEqualTo("cart was aborted: aborted by carol: wrong build; nothing ran before, so there was nothing to roll back to;"
                + " put back: shop back at "
                + BEFORE.shortForm() + "; not started: payments");
        assertThat(releases.members(ended)).extracting(PromotionRequest::status).containsExactly(PromotionStatus.SUCCEEDED,
                PromotionStatus.ABORTED, PromotionStatus.CANCELLED);
        assertThat(core.registry.tags).containsEntry("enterprise/shop:test", BEFORE).doesNotContainKey("enterprise/payments:test");
        assertThat(core.deployer.images).containsEntry("dev/shop-test/deployment/shop", "enterprise/shop@" + BEFORE)
                .doesNotContainKey("dev/payments-test/deployment/payments");
        assertThat(core.store.entries(r.id(), 100)).extracting(AuditEntry::action)
                .contains("release request", "release vote", "release approve", "release abort", "release finish");
    }
}
