package dev.signoff.promotion;

import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;

import dev.signoff.promotion.spi.ProgressListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("The promotion runner")
class PromotionRunnerTest {
    private final Core core = new Core();
    private final Promotions promotions = core.promotions;

    private PromotionRequest runToDev(Digest digest, String tag) {
        core.registry.push("sandbox/shop:" + tag, digest);
        return promotions.find(promotions.promote("alice", "shop", tag, "dev").id()).orElseThrow();
    }

    @Test
    @DisplayName("a failed rollout is rolled back to the previous image, and the card says why")
    void rollsBack() {
        runToDev(D1, "1");
        core.deployer.failRolloutWith = "cluster dev, deployment/shop: ProgressDeadlineExceeded";
        PromotionRequest p = runToDev(D2, "2");
        assertThat(p.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(p.statusReason()).contains("ProgressDeadlineExceeded").contains("rolled back to sandbox/shop@" + D1);
        assertThat(p.steps()).extracting(Step::name, Step::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("copy", Step.State.DONE),
                org.assertj.core.groups.Tuple.tuple("deploy", Step.State.DONE),
                org.assertj.core.groups.Tuple.tuple("verify", Step.State.FAILED),
                org.assertj.core.groups.Tuple.tuple("rollback", Step.State.DONE));
        assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D1);
        assertThat(promotions.status("shop").stages().getFirst().current().digest()).isEqualTo(D1);
    }

    @Test
    @DisplayName("a rollback that fails too is reported with both reasons")
    void rollbackFails() {
        runToDev(D1, "1");
        core.deployer.failRolloutWith = "crash loop";
        core.deployer.failRollbackWith = "forbidden: patch deployments";
        PromotionRequest p = runToDev(D2, "2");
        assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(p.statusReason()).isEqualTo("crash loop; the rollback failed too: forbidden: patch deployments");
    }

    @Test
    @DisplayName("a first rollout that fails has nothing to roll back to, and says so")
    void nothingToRollBackTo() {
        core.deployer.failRolloutWith = "ImagePullBackOff";
        PromotionRequest p = runToDev(D1, "1");
        assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(p.statusReason()).contains("nothing ran before");
    }

    @Test
    @DisplayName("an unreachable registry fails the promotion with the registry's words")
    void copyFails() {
        core.registry.failCopyWith = "registry sandbox (localhost:5000), repository shop: connection refused";
        PromotionRequest p = runToDev(D1, "1");
        assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(p.statusReason()).isEqualTo(core.registry.failCopyWith);
        assertThat(core.deployer.calls).isEmpty();
    }

    @Test
    @DisplayName("an unexpected error fails the promotion with a reference, never leaving it running")
    void unexpected() {
        FakeRegistry broken = new FakeRegistry() {
            @Override
            public synchronized String copy(ImageRef source, ImageRef target, ProgressListener progress) {
                throw new IllegalStateException("bug");
            }
        };
        Core c = new Core(Runnable::run, broken, new FakeDeployer());
        c.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = c.promotions.promote("alice", "shop", "1", "dev");
        PromotionRequest done = c.promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(done.statusReason()).matches("something went wrong \\(ref [a-z0-9]{6}\\)");
        assertThat(done.steps()).singleElement().extracting(Step::state).isEqualTo(Step.State.FAILED);
    }

    @Test
    @DisplayName("a publish-only stage copies and succeeds without deploying")
    void publishOnly() {
        core.registry.push("enterprise/shop:test", D1);
        PromotionRequest p = promotions.promote("alice", "shop", null, "release");
        promotions.approve("bob", p.id(), D1);
        PromotionRequest done = promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).extracting(Step::name).containsExactly("copy");
        assertThat(core.registry.tags.get("enterprise/shop:release")).isEqualTo(D1);
        assertThat(core.deployer.calls).isEmpty();
    }

    @Test
    @DisplayName("rollback puts the digest before the current one back, approved like a promotion")
    void rollbackCommand() {
        runToDev(D1, "1");
        runToDev(D2, "2");
        PromotionRequest r = promotions.rollback("alice", "shop", "dev", null);
        PromotionRequest done = promotions.find(r.id()).orElseThrow();
        assertThat(done.kind()).isEqualTo(PromotionKind.ROLLBACK);
        assertThat(done.digest()).isEqualTo(D1);
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D1);
        assertThat(core.registry.tags.get("sandbox/shop:dev")).isEqualTo(D1);
    }

    @Test
    @DisplayName("rollback to a digest that never ran there is refused, listing the ones that did")
    void rollbackUnknownDigest() {
        runToDev(D1, "1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> promotions.rollback("alice", "shop", "dev", D2.toString()))
                .isInstanceOf(Refusal.class).hasMessageContaining("never ran successfully").hasMessageContaining(D1.shortForm());
    }

    @Test
    @DisplayName("sunset scales to zero, removes exposure and deletes the stage tag")
    void sunset() {
        runToDev(D1, "1");
        PromotionRequest s = promotions.sunset("alice", "shop", "dev");
        PromotionRequest done = promotions.find(s.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).extracting(Step::name).containsExactly("decommission", "stop monitoring", "delete tag");
        assertThat(core.deployer.calls).contains("decommission dev/shop/deployment/shop");
        assertThat(core.registry.deleted).containsExactly("sandbox/shop:dev");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> promotions.sunset("alice", "shop", "dev"))
                .isInstanceOf(Refusal.class).hasMessageContaining("already sunset");
    }

    @Test
    @DisplayName("a stage locked after approval fails the promotion instead of running it")
    void lockedAfterApproval() {
        core.registry.push("enterprise/shop:test", D1);
        PromotionRequest p = promotions.promote("alice", "shop", null, "release");
        promotions.lock("erin", "shop", "release", "audit");
        promotions.approve("bob", p.id(), D1);
        PromotionRequest done = promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(done.statusReason()).contains("locked by erin (audit)");
        assertThat(core.registry.copies).isEmpty();
    }

    @Test
    @DisplayName("the audit trail holds the request, each vote, each transition and each step")
    void auditTrail() {
        core.registry.push("enterprise/shop:release", D1);
        PromotionRequest p = promotions.promote("alice", "shop", null, "prod");
        promotions.approve("bob", p.id(), D1);
        promotions.approve("erin", p.id(), D1);
        List<AuditEntry> trail = core.store.entries(p.id(), 100);
        assertThat(trail).extracting(AuditEntry::action).containsSubsequence("request", "vote", "vote", "approve",
                "transition", "step copy", "step copy", "step deploy", "step deploy", "step verify", "step verify", "finish");
        assertThat(trail).allSatisfy(e -> assertThat(e.digest()).isEqualTo(D1.toString()));
        assertThat(trail).filteredOn(e -> e.action().equals("vote")).extracting(AuditEntry::actor).containsExactly("bob", "erin");
        assertThat(trail.getLast().outcome()).isEqualTo("succeeded");
    }

    @Test
    @DisplayName("50 concurrent approvals: one vote per person, one execution")
    void fiftyConcurrentApprovals() throws Exception {
        ExecutorService background = Executors.newFixedThreadPool(4);
        Core c = new Core(background);
        c.registry.push("enterprise/shop:release", D1);
        PromotionRequest p = c.promotions.promote("alice", "shop", null, "prod");
        ExecutorService clickers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String person = i % 2 == 0 ? "bob" : "erin";
            results.add(clickers.submit(() -> {
                go.await();
                try {
                    c.promotions.approve(person, p.id(), D1);
                    return "ok";
                } catch (Refusal r) {
                    return r.getMessage();
                }
            }));
        }
        go.countDown();
        List<String> answers = new ArrayList<>();
        for (Future<String> f : results) {
            answers.add(f.get(30, TimeUnit.SECONDS));
        }
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> c.promotions.find(p.id()).orElseThrow().status().isTerminal());
        PromotionRequest done = c.promotions.find(p.id()).orElseThrow();
        assertThat(answers).filteredOn("ok"::equals).hasSize(2);
        assertThat(done.votes()).extracting(Vote::person).containsExactlyInAnyOrder("bob", "erin");
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(c.registry.copies).hasSize(1);
        assertThat(c.deployer.calls).filteredOn(s -> s.startsWith("apply")).hasSize(1);
        clickers.shutdown();
        background.shutdown();
    }

    @Test
    @DisplayName("promotions into one stage run one after the other")
    void oneStageAtATime() throws Exception {
        ExecutorService background = Executors.newFixedThreadPool(4);
        Core c;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        FakeDeployer slow = new FakeDeployer() {
            @Override
            public void awaitRollout(Rollout rollout, ProgressListener progress) {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            }
        };
        c = new Core(background, new FakeRegistry(), slow);
        Promotions ps = c.promotions;
        c.registry.push("sandbox/shop:1", D1);
        c.registry.push("sandbox/shop:2", D2);
        PromotionRequest first = ps.promote("alice", "shop", "1", "dev");
        await().until(() -> running.get() == 1);
        PromotionRequest second = ps.promote("alice", "shop", "2", "dev");
        Thread.sleep(200);
        assertThat(ps.find(second.id()).orElseThrow().status()).isEqualTo(PromotionStatus.APPROVED);
        release.countDown();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> ps.find(second.id()).orElseThrow().status().isTerminal());
        assertThat(ps.find(first.id()).orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(ps.find(second.id()).orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(ps.status("shop").stages().getFirst().current().digest()).isEqualTo(D2);
        background.shutdown();
    }

    @Test
    @DisplayName("a rollout paused at a checkpoint goes on when the requester clicks Continue")
    void continueAtCheckpoint() {
        ExecutorService background = Executors.newFixedThreadPool(2);
        Core c = new Core(background);
        PromotionRequest p = pausedInDev(c);
        assertThat(c.promotions.find(p.id()).orElseThrow().currentStep()).get().extracting(Step::name).isEqualTo("pause");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.promotions.resume("carol", p.id(), true))
                .isInstanceOf(Refusal.class).hasMessageContaining("Only alice");
        c.promotions.resume("alice", p.id(), true);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> c.promotions.find(p.id()).orElseThrow().status().isTerminal());
        PromotionRequest done = c.promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("pause");
            assertThat(s.detail()).isEqualTo("continued by alice");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.promotions.resume("alice", p.id(), true))
                .isInstanceOf(Refusal.class).hasMessageContaining("not waiting at a pause");
        background.shutdown();
    }

    @Test
    @DisplayName("Abort at a checkpoint stops the rollout and says who aborted")
    void abortAtCheckpoint() {
        ExecutorService background = Executors.newFixedThreadPool(2);
        Core c = new Core(background);
        PromotionRequest p = pausedInDev(c);
        c.promotions.resume("alice", p.id(), false);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> c.promotions.find(p.id()).orElseThrow().status().isTerminal());
        PromotionRequest done = c.promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(done.statusReason()).isEqualTo("aborted by alice at: canary at 10%");
        background.shutdown();
    }

    /** A promotion into dev whose rollout waits at a checkpoint. */
    private static PromotionRequest pausedInDev(Core c) {
        c.deployer.pauseAt = "canary at 10%";
        c.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = c.promotions.promote("alice", "shop", "1", "dev");
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> c.promotions.isPaused(p.id()));
        return p;
    }
}
