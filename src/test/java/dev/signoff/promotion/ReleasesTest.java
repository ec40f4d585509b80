package dev.signoff.promotion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static dev.signoff.promotion.TestPipelines.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Releases: one approval for a group of apps")
class ReleasesTest {
    private final Core core = new Core(config());
    private final Releases releases = core.releases;

    /**
     * shop, cart and payments, each dev → test. Approvers of test: shop and payments group:qa
     * (carol, dave); cart two of carol and erin, and not its requester. A release of the three.
     */
    static PipelineConfig config() {
        PipelineConfig base = TestPipelines.shop();
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        apps.put("shop", app("shop", new ApprovalPolicy(1, List.of("group:qa"), true, null)));
        apps.put("cart", app("cart", new ApprovalPolicy(2, List.of("carol", "erin"), false, Duration.ofHours(2))));
        apps.put("payments", app("payments", new ApprovalPolicy(1, List.of("group:qa"), true, null)));
        apps.put("search", new AppConfig("search", Map.of("console", "search"), List.of(
                new Stage("dev", ImageRef.parse("sandbox/search:dev"), null, ApprovalPolicy.none(), Gates.none(), List.of())), null, null));
        return new PipelineConfig(base.people(), base.groups(), base.registries(), base.clusters(), Map.of(), Map.of(), apps,
                Map.of("storefront", new ReleaseConfig("storefront", List.of("shop", "cart", "payments"), Map.of("console", "store")),
                        "everything", new ReleaseConfig("everything", List.of("shop", "search"), Map.of("console", "all"))));
    }

    private static AppConfig app(String name, ApprovalPolicy test) {
        DeployTarget dev = new DeployTarget("dev", name, "deployment", name, null, new Strategy.Rolling(), Duration.ofMinutes(10));
        DeployTarget testTarget = new DeployTarget("dev", name + "-test", "deployment", name, null, new Strategy.Rolling(), Duration.ofMinutes(10));
        return new AppConfig(name, Map.of("console", name), List.of(
                new Stage("dev", ImageRef.parse("sandbox/" + name + ":dev"), dev, ApprovalPolicy.none(), Gates.none(), List.of()),
                new Stage("test", ImageRef.parse("enterprise/" + name + ":test"), testTarget, test, Gates.none(), List.of())), null, null);
    }

    private void builds() {
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/cart:dev", D2);
        core.registry.push("sandbox/payments:dev", D3);
    }

    private List<PromotionRequest> members(ReleaseRequest r) {
        return releases.members(releases.find(r.id()).orElseThrow());
    }

    @Test
    @DisplayName("a release waits with one member per app, in order, each with the digest its own previous stage has")
    void opens() {
        builds();

        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");

        assertThat(r.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(members(r)).extracting(PromotionRequest::app).containsExactly("shop", "cart", "payments");
        assertThat(members(r)).extracting(PromotionRequest::digest).containsExactly(D1, D2, D3);
        assertThat(members(r)).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            assertThat(m.requestedBy()).isEqualTo("alice");
        });
        assertThat(core.store.entries(r.id(), 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("release request");
            assertThat(e.detail()).startsWith("storefront to test: shop " + D1.shortForm());
        });
    }

    @Test
    @DisplayName("a vote must be one every waiting member's policy accepts: dave may approve shop but not cart, and is told so")
    void votesSatisfyEveryPolicy() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");

        assertThatThrownBy(() -> releases.approve("dave", r.id()))
                .isInstanceOf(Refusal.class).hasMessage("You may not approve cart in test; its approvers are carol, erin.");
        assertThat(members(r)).allSatisfy(m -> assertThat(m.approvals()).isZero());

        ReleaseRequest afterCarol = releases.approve("carol", r.id());
        assertThat(afterCarol.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(members(r)).extracting(PromotionRequest::status).containsExactly(PromotionStatus.APPROVED,
                PromotionStatus.PENDING_APPROVAL, PromotionStatus.APPROVED);
        assertThat(core.deployer.calls).as("no member runs before the whole release is approved").isEmpty();

        ReleaseRequest afterErin = releases.approve("erin", r.id());

        assertThat(afterErin.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(members(r)).extracting(PromotionRequest::status).containsOnly(PromotionStatus.SUCCEEDED);
        assertThat(core.deployer.calls).containsExactly(
                "apply dev/shop-test/deployment/shop enterprise/shop@" + D1, "await dev/shop-test/deployment/shop",
                "apply dev/cart-test/deployment/cart enterprise/cart@" + D2, "await dev/cart-test/deployment/cart",
                "apply dev/payments-test/deployment/payments enterprise/payments@" + D3, "await dev/payments-test/deployment/payments");
        assertThat(afterErin.statusReason()).isEqualTo("deployed shop " + D1.shortForm() + ", cart " + D2.shortForm()
                + ", payments " + D3.shortForm());
    }

    @Test
    @DisplayName("self-approval follows each app's policy: the requester may not vote for a release where cart needs someone else")
    void selfApprovalPerApp() {
        builds();
        ReleaseRequest r = releases.promote("carol", "storefront", null, "test");

        assertThatThrownBy(() -> releases.approve("carol", r.id()))
                .isInstanceOf(Refusal.class).hasMessage("You asked for release storefront, and cart test needs someone else to approve it.");
    }

    @Test
    @DisplayName("a member whose previous stage has no build refuses the whole release, naming the app; nothing is opened")
    void memberWithoutBuild() {
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/payments:dev", D3);

        assertThatThrownBy(() -> releases.promote("alice", "storefront", null, "test"))
                .isInstanceOf(Refusal.class).hasMessageStartingWith("cart has no build in dev to promote (sandbox/cart:dev: ");
        assertThat(core.store.recent(null, null, 10)).isEmpty();
        assertThat(core.store.latestRelease("storefront")).isEmpty();
    }

    @Test
    @DisplayName("a member without the stage, or for which it is the first stage, refuses the whole release naming the app")
    void memberWithoutPreviousStage() {
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/search:dev", D2);

        assertThatThrownBy(() -> releases.promote("alice", "everything", null, "test"))
                .isInstanceOf(Refusal.class).hasMessage("search has no stage 'test', so release everything cannot go there. Stages of search: dev.");
        assertThatThrownBy(() -> releases.promote("alice", "everything", null, "dev"))
                .isInstanceOf(Refusal.class).hasMessage("dev is the first stage of shop, so shop has no previous stage to promote from;"
                        + " release everything cannot go there.");
        assertThatThrownBy(() -> releases.promote("alice", "storefront", "v1.2", "test"))
                .isInstanceOf(Refusal.class).hasMessage("A release promotes what each app's previous stage runs, so it takes no tag or digest:"
                        + " /signoff promote storefront to test.");
        assertThat(core.store.recent(null, null, 10)).isEmpty();
    }

    @Test
    @DisplayName("a reject turns the whole release down: the release and every member end, nothing runs")
    void rejectWholeRelease() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        releases.approve("carol", r.id());

        ReleaseRequest rejected = releases.reject("erin", r.id(), "cart is not ready");

        assertThat(rejected.status()).isEqualTo(PromotionStatus.REJECTED);
        assertThat(rejected.statusReason()).isEqualTo("rejected by erin: cart is not ready");
        assertThat(members(r)).extracting(PromotionRequest::status).containsExactly(PromotionStatus.CANCELLED,
                PromotionStatus.REJECTED, PromotionStatus.CANCELLED);
        assertThat(members(r).getFirst().statusReason()).isEqualTo("release storefront was rejected by erin");
        assertThat(core.deployer.calls).isEmpty();
        assertThatThrownBy(() -> releases.approve("erin", r.id())).isInstanceOf(Refusal.class)
                .hasMessageStartingWith("Release " + r.id() + " is no longer waiting for approval: it is rejected");
    }

    @Test
    @DisplayName("when one member expires the whole release expires, and the others are withdrawn")
    void expiry() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        core.clock.advance(Duration.ofHours(3));

        assertThat(core.promotions.expireDue()).isEqualTo(1);

        ReleaseRequest expired = releases.find(r.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(PromotionStatus.EXPIRED);
        assertThat(expired.statusReason()).startsWith("cart expired: not approved before");
        assertThat(members(r)).extracting(PromotionRequest::status).containsExactly(PromotionStatus.CANCELLED,
                PromotionStatus.EXPIRED, PromotionStatus.CANCELLED);
    }

    @Test
    @DisplayName("a member is voted on only through its release")
    void memberVotesRefused() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        String shop = r.members().getFirst();

        assertThatThrownBy(() -> core.promotions.approve("carol", shop, null)).isInstanceOf(Refusal.class)
                .hasMessage("Promotion " + shop + " is part of release " + r.id() + "; vote on the release's card, or /signoff approve "
                        + r.id() + ".");
    }

    @Test
    @DisplayName("a member approved while its release waits is never started by the stage's queue or by recovery; others still are")
    void membersWaitForTheirRelease() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");
        releases.approve("carol", r.id());
        var stranded = PromotionRequest.open(new PromotionRequest.Draft("stranded", PromotionKind.PROMOTE, "shop", "dev", "test",
                ImageRef.parse("sandbox/shop:dev"), ImageRef.parse("enterprise/shop:test"), D3, null, "alice", null),
                ApprovalPolicy.none(), core.clock.instant());
        core.store.save(stranded); // approved, but its process stopped before it was started

        core.recovery().recover();

        assertThat(core.promotions.find("stranded").orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(members(r).getFirst().status()).as("shop's member waits for cart's approval").isEqualTo(PromotionStatus.APPROVED);
        assertThat(core.deployer.calls).containsExactly("apply dev/shop-test/deployment/shop enterprise/shop@" + D3,
                "await dev/shop-test/deployment/shop");
    }

    @Test
    @DisplayName("a cancel by the requester withdraws every member")
    void cancel() {
        builds();
        ReleaseRequest r = releases.promote("alice", "storefront", null, "test");

        ReleaseRequest cancelled = releases.cancel("alice", r.id());

        assertThat(cancelled.status()).isEqualTo(PromotionStatus.CANCELLED);
        assertThat(members(r)).extracting(PromotionRequest::status).containsOnly(PromotionStatus.CANCELLED);
    }
}
