package dev.signoff.promotion;

import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.steps.RolloutMemo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("Recovery after a process stopped")
class RecoveryTest {
    private final Core core = new Core();
    private final Recovery recovery = core.recovery();

    /** A promotion into dev left by a stopped process in the given state, holding its stage lease. */
    private PromotionRequest leftBehind(String stage, Digest digest, java.util.function.Consumer<PromotionRequest> upTo) {
        PromotionRequest p;
        if (stage.equals("dev")) {
            var draft = new PromotionRequest.Draft("left1", PromotionKind.PROMOTE, "shop", null, "dev",
                    ImageRef.parse("sandbox/shop:9"), ImageRef.parse("sandbox/shop:dev"), digest, null, "alice",
                    new Plan("sandbox/shop@" + D2, "sandbox/shop@" + digest, 3, "rolling", null));
            p = PromotionRequest.open(draft, ApprovalPolicy.none(), core.clock.instant());
        } else {
            var draft = new PromotionRequest.Draft("left1", PromotionKind.PROMOTE, "shop", "release", "prod",
                    ImageRef.parse("enterprise/shop:release"), ImageRef.parse("enterprise/shop:prod"), digest, null, "alice", null);
            p = PromotionRequest.open(draft, ApprovalPolicy.none(), core.clock.instant());
        }
        upTo.accept(p);
        core.store.save(p);
        core.store.tryAcquire("shop", stage, p.id());
        core.store.orphan(p.id());
        return p;
    }

    private PromotionRequest reloaded(PromotionRequest p) {
        return core.promotions.find(p.id()).orElseThrow();
    }

    @Test
    @DisplayName("a copy cut short is copied again and the promotion finishes")
    void resumesCopy() {
        core.registry.push("sandbox/shop:9", D1);
        PromotionRequest p = leftBehind("dev", D1, q -> {
            q.start(core.clock.instant());
            q.stepStarted("copy", "sandbox/shop:9 → sandbox/shop:dev", core.clock.instant());
        });
        recovery.recover();
        PromotionRequest done = reloaded(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("copy", Step.State.FAILED), tuple("copy", Step.State.DONE), tuple("deploy", Step.State.DONE),
                tuple("verify", Step.State.DONE));
        assertThat(done.steps().getFirst().detail()).isEqualTo("interrupted: Signoff stopped while this ran");
        assertThat(core.registry.tags.get("sandbox/shop:dev")).isEqualTo(D1);
    }

    @Test
    @DisplayName("a copy that had written the tag before the process stopped is not copied again")
    void copyAlreadyDone() {
        core.registry.push("sandbox/shop:9", D1);
        core.registry.push("sandbox/shop:dev", D1);
        PromotionRequest p = leftBehind("dev", D1, q -> {
            q.start(core.clock.instant());
            q.stepStarted("copy", "sandbox/shop:9 → sandbox/shop:dev", core.clock.instant());
        });
        recovery.recover();
        PromotionRequest done = reloaded(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(core.registry.copies).isEmpty();
        assertThat(done.steps().get(1).detail()).isEqualTo("sandbox/shop:dev is already at " + D1.shortForm());
    }

    /** Copy and deploy finished (the deploy with the rollout it started as its memo), verify was running. */
    private PromotionRequest leftWatching(String deployMemo) {
        return leftBehind("dev", D1, q -> {
            q.start(core.clock.instant());
            q.stepStarted("copy", "sandbox/shop:9 → sandbox/shop:dev", core.clock.instant());
            q.stepDone("copy", "copied", core.clock.instant());
            q.stepStarted("deploy", "set dev/shop/deployment/shop", core.clock.instant());
            q.stepDone("deploy", "applied rolling", deployMemo, core.clock.instant());
            q.stepStarted("verify", "watching the rollout", core.clock.instant());
        });
    }

    @Test
    @DisplayName("a rollout being watched is watched again, not applied again, and its undo puts back the image it replaced")
    void resumesWatch() {
        core.deployer.images.put("dev/shop/deployment/shop", "sandbox/shop@" + D1);
        core.deployer.failRolloutWith = "ProgressDeadlineExceeded";
        DeployTarget dev = core.config.requireStage("shop", "dev").deploy();
        PromotionRequest p = leftWatching(RolloutMemo.write(new Deployer.Rollout(dev, "sandbox/shop@" + D2, "sandbox/shop@" + D1, 7)));
        recovery.recover();
        PromotionRequest done = reloaded(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(done.statusReason()).isEqualTo("ProgressDeadlineExceeded; rolled back to sandbox/shop@" + D2);
        assertThat(core.deployer.calls).noneMatch(call -> call.startsWith("apply"));
        assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D2);
        assertThat(done.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("copy", Step.State.DONE), tuple("deploy", Step.State.DONE), tuple("verify", Step.State.FAILED),
                tuple("verify", Step.State.FAILED), tuple("rollback", Step.State.DONE));
    }

    @Test
    @DisplayName("a deploy stored without its rollout (before steps left memos) is applied again, going back to the planned previous image")
    void redeploysWithoutMemo() {
        core.deployer.images.put("dev/shop/deployment/shop", "sandbox/shop@" + D1);
        core.deployer.failRolloutWith = "ProgressDeadlineExceeded";
        PromotionRequest p = leftWatching(null);
        recovery.recover();
        PromotionRequest done = reloaded(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(done.statusReason()).contains("rolled back to sandbox/shop@" + D2);
        assertThat(core.deployer.calls).anyMatch(call -> call.startsWith("apply"));
        assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D2);
    }

    @Test
    @DisplayName("a canary in an unknown state is failed with the reason, never left running")
    void failsUnknownCanary() {
        PromotionRequest p = leftBehind("prod", D1, q -> {
            q.start(core.clock.instant());
            q.stepStarted("copy", "enterprise/shop:release → enterprise/shop:prod", core.clock.instant());
            q.stepDone("copy", "copied", core.clock.instant());
            q.stepStarted("deploy", "canary at 10%", core.clock.instant());
        });
        recovery.recover();
        PromotionRequest done = reloaded(p);
        assertThat(done.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(done.statusReason()).startsWith("Signoff stopped during the canary 10% → 50% → 100%")
                .endsWith("check it, then roll back or promote again");
        assertThat(done.steps()).filteredOn(s -> s.name().equals("deploy")).extracting(Step::state)
                .containsExactly(Step.State.FAILED, Step.State.FAILED);
        assertThat(core.deployer.calls).isEmpty();
    }

    @Test
    @DisplayName("an approved promotion that never started is started")
    void startsApproved() {
        core.registry.push("sandbox/shop:9", D1);
        PromotionRequest p = leftBehind("dev", D1, q -> { });
        recovery.recover();
        assertThat(reloaded(p).status()).isEqualTo(PromotionStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("a promotion another process still runs is left alone")
    void leavesLiveOnesAlone() {
        PromotionRequest p = leftBehind("dev", D1, q -> {
            q.start(core.clock.instant());
            q.stepStarted("copy", "…", core.clock.instant());
        });
        core.store.adopt(p.id(), Duration.ZERO); // someone else adopted it first
        recovery.recover();
        assertThat(reloaded(p).status()).isEqualTo(PromotionStatus.RUNNING);
        assertThat(core.registry.copies).isEmpty();
    }
}
