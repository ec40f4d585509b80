package dev.signoff.promotion;

import dev.signoff.promotion.spi.StepFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static dev.signoff.promotion.TestPipelines.D3;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release left behind by a process that stopped is taken up by the recovery of a process that
 * starts over the same storage. The first process is simulated: work handed to its executor is
 * dropped while it is "down", and what it had done is done by hand (the release claimed, members
 * run or left running with their lease orphaned).
 */
@DisplayName("Releases after a crash")
class ReleaseRecoveryTest {
    private static final Digest BEFORE = Digest.sha256Of("shop before the release");
    private final AtomicBoolean up = new AtomicBoolean(false);
    private final Executor executor = task -> {
        if (up.get()) {
            task.run();
        }
    };
    private final Core core = new Core(ReleasesTest.config(), executor);
    private final Releases releases = core.releases;

    /** storefront approved; the process stopped before its runner started it. */
    private ReleaseRequest approved() {
        core.store.record(new StageDeployment("shop", "test", BEFORE, PromotionKind.PROMOTE, "earlier", "carol", core.clock.instant()));
        core.registry.push("enterprise/shop:test", BEFORE);
        core.deployer.images.put("dev/shop-test/deployment/shop", "enterprise/shop@" + BEFORE);
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/cart:dev", D2);
        core.registry.push("sandbox/payments:dev", D3);
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        releases.approve("carol", r.id());
        ReleaseRequest approved = releases.approve("erin", r.id());
        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        return approved;
    }

    /** The runner of the stopped process had claimed the release and run its first member to the end. */
    private ReleaseRequest firstMemberDone() {
        ReleaseRequest r = approved();
        r.start(core.clock.instant());
        core.store.save(r);
        core.queue.runNow(r.members().getFirst(), Duration.ZERO);
        assertThat(member(r, 0).status()).isEqualTo(PromotionStatus.SUCCEEDED);
        core.heldReleases.orphan(r.id());
        return r;
    }

    private PromotionRequest member(ReleaseRequest r, int i) {
        return core.promotions.find(r.members().get(i)).orElseThrow();
    }

    private ReleaseRequest restarted(ReleaseRequest r) {
        up.set(true);
        core.recovery().recover();
        return releases.find(r.id()).orElseThrow();
    }

    @Test
    @DisplayName("a release stopped between two members is taken up: the first is not run again, the others run, it succeeds")
    void betweenMembers() {
        ReleaseRequest r = firstMemberDone();
        int callsBefore = core.deployer.calls.size();

        ReleaseRequest ended = restarted(r);

        assertThat(ended.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(ended.statusReason()).isEqualTo("deployed shop " + D1.shortForm() + ", cart " + D2.shortForm()
                + ", payments " + D3.shortForm());
        assertThat(releases.members(ended)).extracting(PromotionRequest::status).containsOnly(PromotionStatus.SUCCEEDED);
        assertThat(core.deployer.calls.subList(callsBefore, core.deployer.calls.size())).containsExactly(
                "apply dev/cart-test/deployment/cart enterprise/cart@" + D2, "await dev/cart-test/deployment/cart",
                "apply dev/payments-test/deployment/payments enterprise/payments@" + D3, "await dev/payments-test/deployment/payments");
        assertThat(core.store.entries(r.id(), 100)).extracting(AuditEntry::action).containsOnlyOnce("release finish");
    }

    @Test
    @DisplayName("a release stopped during its second member, whose resume fails, puts the first back and never starts the third")
    void duringSecondMemberThatFails() {
        ReleaseRequest r = firstMemberDone();
        PromotionRequest cart = member(r, 1);
        cart.start(core.clock.instant());
        cart.stepStarted("copy", "sandbox/cart:dev → enterprise/cart:test", core.clock.instant());
        core.store.save(cart);
        core.store.tryAcquire("cart", "test", cart.id());
        core.store.orphan(cart.id());
        core.registry.blockCopies(() -> {
            core.registry.blockCopies(null); // only the copy cart resumes with fails
            throw new StepFailure("registry enterprise: connection refused", false);
        });

        ReleaseRequest ended = restarted(r);

        assertThat(member(r, 1).status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(ended.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(ended.statusReason()).startsWith("cart failed: ").contains("connection refused")
                .endsWith("; put back: shop back at " + BEFORE.shortForm() + "; not started: payments");
        assertThat(releases.members(ended)).extracting(PromotionRequest::status).containsExactly(PromotionStatus.SUCCEEDED,
                PromotionStatus.FAILED, PromotionStatus.CANCELLED);
        assertThat(releases.undos(ended)).singleElement().satisfies(u -> {
            assertThat(u.app()).isEqualTo("shop");
            assertThat(u.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        });
        assertThat(core.registry.tags).containsEntry("enterprise/shop:test", BEFORE).doesNotContainKey("enterprise/payments:test");
        assertThat(core.deployer.images).containsEntry("dev/shop-test/deployment/shop", "enterprise/shop@" + BEFORE)
                .doesNotContainKey("dev/payments-test/deployment/payments");
    }

    @Test
    @DisplayName("a release approved but never started (its process stopped first) is started")
    void approvedNeverStarted() {
        ReleaseRequest r = approved();
        core.heldReleases.orphan(r.id());

        ReleaseRequest ended = restarted(r);

        assertThat(ended.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(releases.members(ended)).extracting(PromotionRequest::status).containsOnly(PromotionStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("a put-back saved before the crash is run, not made a second time")
    void putBackLeftApproved() {
        ReleaseRequest r = firstMemberDone();
        PromotionRequest cart = member(r, 1);
        cart.fail("ProgressDeadlineExceeded", core.clock.instant());
        core.store.save(cart);
        var draft = new PromotionRequest.Draft("undo1", PromotionKind.ROLLBACK, "shop", "test", "test",
                ImageRef.parse("enterprise/shop:test").withDigest(BEFORE), ImageRef.parse("enterprise/shop:test"), BEFORE, null,
                "signoff", null);
        ReleaseRequest running = releases.find(r.id()).orElseThrow();
        running.undoneBy("undo1", core.clock.instant());
        core.store.save(running);
        core.store.save(PromotionRequest.open(draft, ApprovalPolicy.none(), core.clock.instant()));

        ReleaseRequest ended = restarted(r);

        assertThat(ended.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(ended.statusReason()).isEqualTo("cart failed: ProgressDeadlineExceeded; put back: shop back at " + BEFORE.shortForm()
                + "; not started: payments");
        assertThat(ended.undos()).containsExactly("undo1");
        assertThat(core.promotions.find("undo1").orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(core.registry.tags).containsEntry("enterprise/shop:test", BEFORE);
    }

    @Test
    @DisplayName("a release another process still walks is left alone")
    void liveReleaseLeftAlone() {
        ReleaseRequest r = firstMemberDone();
        core.heldReleases.hold(r.id()); // another process adopted it first

        ReleaseRequest after = restarted(r);

        assertThat(after.status()).isEqualTo(PromotionStatus.RUNNING);
        assertThat(List.of(member(r, 1).status(), member(r, 2).status())).containsOnly(PromotionStatus.APPROVED);
    }
}
