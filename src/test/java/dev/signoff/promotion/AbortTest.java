package dev.signoff.promotion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("Aborting a promotion once it is approved")
class AbortTest {
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final Core core = new Core(background);
    private final Promotions promotions = core.promotions;

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    @DisplayName("a copy in progress stops before it writes the tag; the promotion ends ABORTED with who and why")
    void duringCopy() throws InterruptedException {
        CountDownLatch copying = new CountDownLatch(1);
        core.registry.push("enterprise/shop:prod", D2);
        core.registry.slowCopies(copying::countDown);
        PromotionRequest p = approvedToProd(D1);
        assertThat(copying.await(10, TimeUnit.SECONDS)).isTrue();

        PromotionRequest asked = promotions.abort("alice", p.id(), "wrong build");

        assertThat(asked.status()).isEqualTo(PromotionStatus.RUNNING);
        PromotionRequest done = ended(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(done.statusReason()).isEqualTo("aborted by alice: wrong build");
        assertThat(done.steps()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("copy");
            assertThat(s.state()).isEqualTo(Step.State.FAILED);
        });
        assertThat(core.registry.tags.get("enterprise/shop:prod")).isEqualTo(D2);
        assertThat(core.deployer.calls).isEmpty();
        assertThat(core.store.entries(p.id(), 100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("abort");
            assertThat(e.actor()).isEqualTo("alice");
        });
        assertThat(core.store.entries(null, 1000)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("abort");
            assertThat(e.outcome()).isEqualTo("requested");
        });
    }

    @Test
    @DisplayName("during the rollout watch, the deploy is undone: the previous image is put back")
    void duringRollout() throws InterruptedException {
        CountDownLatch watching = new CountDownLatch(1);
        core.deployer.images.put("prod/shop/deployment/shop", "enterprise/shop@" + D2);
        core.deployer.slowRollouts = watching::countDown;
        PromotionRequest p = approvedToProd(D1);
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();

        promotions.abort("bob", p.id(), null);

        PromotionRequest done = ended(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(done.statusReason()).isEqualTo("aborted by bob; rolled back to enterprise/shop@" + D2);
        assertThat(done.steps()).extracting(Step::name, Step::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("copy", Step.State.DONE),
                org.assertj.core.groups.Tuple.tuple("deploy", Step.State.DONE),
                org.assertj.core.groups.Tuple.tuple("verify", Step.State.FAILED),
                org.assertj.core.groups.Tuple.tuple("rollback", Step.State.DONE));
        assertThat(core.deployer.images.get("prod/shop/deployment/shop")).isEqualTo("enterprise/shop@" + D2);
    }

    @Test
    @DisplayName("at a pause, the abort ends the pause as Abort does, and the promotion ends ABORTED")
    void atPause() {
        core.deployer.pauseAt = "canary at 10%";
        PromotionRequest p = approvedToProd(D1);
        await().atMost(Duration.ofSeconds(10)).until(() -> promotions.find(p.id()).orElseThrow().isPaused());

        promotions.abort("erin", p.id(), "metrics look off");

        PromotionRequest done = ended(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(done.statusReason()).startsWith("aborted by erin: metrics look off");
        assertThat(done.steps()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("pause");
            assertThat(s.detail()).isEqualTo("aborted by erin at: canary at 10%");
        });
    }

    @Test
    @DisplayName("an abort left by another replica reaches the running promotion within about a second")
    void fromAnotherReplica() throws InterruptedException {
        CountDownLatch watching = new CountDownLatch(1);
        core.deployer.slowRollouts = watching::countDown;
        PromotionRequest p = approvedToProd(D1);
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();

        core.store.send(p.id(), "bob", "elsewhere");

        PromotionRequest done = ended(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(done.statusReason()).startsWith("aborted by bob: elsewhere");
        assertThat(core.store.requested(p.id())).isEmpty();
    }

    @Test
    @DisplayName("an approved promotion that waits for its turn is aborted at once")
    void beforeItStarts() throws InterruptedException {
        CountDownLatch watching = new CountDownLatch(1);
        core.deployer.slowRollouts = watching::countDown;
        PromotionRequest first = approvedToProd(D2);
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();
        PromotionRequest p = approvedToProd(D1);
        assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.APPROVED);

        PromotionRequest done = promotions.abort("alice", p.id(), "not today");

        assertThat(done.status()).isEqualTo(PromotionStatus.ABORTED);
        assertThat(done.statusReason()).isEqualTo("aborted by alice before it started: not today");
        assertThat(done.steps()).isEmpty();
        promotions.abort("alice", first.id(), null);
        assertThat(ended(first).status()).isEqualTo(PromotionStatus.ABORTED);
    }

    @Test
    @DisplayName("refusals are sentences: not yours to abort, not started, already finished, already aborting")
    void refusals() throws InterruptedException {
        core.registry.push("enterprise/shop:release", D1);
        PromotionRequest waiting = promotions.promote("alice", "shop", null, "prod");
        assertThatThrownBy(() -> promotions.abort("carol", waiting.id(), null)).isInstanceOf(Refusal.class)
                .hasMessage("Only alice, who asked for promotion " + waiting.id() + ", or one of its approvers can abort it.");
        assertThatThrownBy(() -> promotions.abort("alice", waiting.id(), null)).isInstanceOf(Refusal.class)
                .hasMessage("Promotion " + waiting.id() + " has not started, so there is nothing to abort; withdraw it with /signoff cancel "
                        + waiting.id() + ".");

        CountDownLatch watching = new CountDownLatch(1);
        core.deployer.slowRollouts = watching::countDown;
        promotions.approve("bob", waiting.id(), D1);
        promotions.approve("erin", waiting.id(), D1);
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();
        promotions.abort("bob", waiting.id(), null);
        assertThatThrownBy(() -> promotions.abort("erin", waiting.id(), null)).isInstanceOf(Refusal.class)
                .hasMessage("Promotion " + waiting.id() + " is already being aborted (aborted by bob).");
        PromotionRequest done = ended(waiting);
        assertThatThrownBy(() -> promotions.abort("alice", done.id(), null)).isInstanceOf(Refusal.class)
                .hasMessage("Promotion " + done.id() + " has already finished: it is aborted (" + done.statusReason() + ").");
        assertThat(core.store.entries(null, 1000)).filteredOn(e -> e.action().equals("abort") && e.outcome().equals("refused")).hasSize(4);
    }

    /** A promotion of {@code digest} into prod, approved by bob and erin; it runs in the background. */
    private PromotionRequest approvedToProd(Digest digest) {
        core.registry.push("enterprise/shop:release", digest);
        PromotionRequest p = promotions.promote("alice", "shop", null, "prod");
        promotions.approve("bob", p.id(), digest);
        promotions.approve("erin", p.id(), digest);
        return p;
    }

    private PromotionRequest ended(PromotionRequest p) {
        await().atMost(Duration.ofSeconds(10)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());
        return promotions.find(p.id()).orElseThrow();
    }
}
