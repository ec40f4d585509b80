package dev.signoff.promotion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Break-glass through prod's freeze (Fri 16:00-Mon 08:00 Europe/Berlin), with a fixed clock: in
 * November Berlin is UTC+1, so Friday 15:30 UTC is inside the freeze (16:30 in Berlin) and 14:59 UTC
 * is not (15:59 in Berlin), whatever UTC's own hour says.
 */
@DisplayName("Break-glass: a promotion through a freeze")
class BreakGlassTest {
    static final Instant FRIDAY_BERLIN_1630 = Instant.parse("2026-11-20T15:30:00Z");
    static final Instant FRIDAY_BERLIN_1559 = Instant.parse("2026-11-20T14:59:00Z");
    /** Two of alice, carol and dave, never the requester, confirmed (two required). */
    static final ApprovalPolicy GLASS = new ApprovalPolicy(2, List.of("alice", "carol", "dave"), false, Duration.ofHours(2));

    private final Core core = new Core(TestPipelines.withStage(TestPipelines.shop(), "prod", BreakGlassTest::withGlass));

    @Test
    @DisplayName("inside the freeze: a BREAK-GLASS card under the break-glass policy; the requester cannot approve; once approved it runs")
    void insideTheFreeze() {
        core.registry.push("enterprise/shop:release", TestPipelines.D1);
        core.clock.set(FRIDAY_BERLIN_1630);
        assertThatThrownBy(() -> core.promotions.promote("alice", "shop", null, "prod")).isInstanceOf(Refusal.class)
                .hasMessageStartingWith("shop prod is frozen (Fri 16:00-Mon 08:00 Europe/Berlin)");

        PromotionRequest p = core.promotions.promote("alice", "shop", null, "prod", "checkout down, fix #812");

        assertThat(p.breakGlass()).contains(new BreakGlass("checkout down, fix #812", "Fri 16:00-Mon 08:00 Europe/Berlin"));
        assertThat(p.requiredApprovals()).isEqualTo(2);
        assertThat(p.expiresAt()).isEqualTo(FRIDAY_BERLIN_1630.plus(Duration.ofHours(2)));
        assertThatThrownBy(() -> core.promotions.approve("alice", p.id(), null)).isInstanceOf(Refusal.class)
                .hasMessage("You asked for this promotion, and prod needs someone else to approve it.");
        assertThatThrownBy(() -> core.promotions.approve("bob", p.id(), null)).as("a release approver, not a break-glass one")
                .isInstanceOf(Refusal.class).hasMessageContaining("not an approver");
        core.promotions.approve("carol", p.id(), null);
        core.promotions.approve("dave", p.id(), null);

        PromotionRequest done = core.promotions.find(p.id()).orElseThrow();
        assertThat(done.status()).as(done.statusReason()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(core.promotions.deployments("shop", "prod", 1).getFirst().digest()).isEqualTo(TestPipelines.D1);
        assertThat(core.store.entries(p.id(), 100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("break-glass");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.detail()).isEqualTo("through the freeze Fri 16:00-Mon 08:00 Europe/Berlin: checkout down, fix #812");
        });
    }

    @Test
    @DisplayName("the break-glass policy never counts the requester, even when she is one of its approvers and the stage allows self-approval")
    void neverSelfApproved() {
        Stage stage = core.config.stage("shop", "prod").orElseThrow();
        assertThat(stage.breakGlass().selfApproval()).isFalse();
        assertThatThrownBy(() -> withGlass(stage, new ApprovalPolicy(1, List.of("alice"), true, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never lets the requester approve");
    }

    @Test
    @DisplayName("outside the freeze (15:59 in Berlin): refused as unnecessary, and nothing is opened")
    void outsideTheFreeze() {
        core.registry.push("enterprise/shop:release", TestPipelines.D1);
        core.clock.set(FRIDAY_BERLIN_1559);

        assertThatThrownBy(() -> core.promotions.promote("alice", "shop", null, "prod", "just in case"))
                .isInstanceOf(Refusal.class)
                .hasMessage("shop prod is not frozen; break-glass is only for a freeze. Promote it as usual: /signoff promote shop to prod.");
        assertThat(core.promotions.recent(10)).isEmpty();
    }

    @Test
    @DisplayName("a frozen stage without a break-glass policy refuses it, saying so")
    void noPolicy() {
        Core plain = new Core(TestPipelines.shop());
        plain.registry.push("enterprise/shop:release", TestPipelines.D1);
        plain.clock.set(FRIDAY_BERLIN_1630);

        assertThatThrownBy(() -> plain.promotions.promote("alice", "shop", null, "prod", "checkout down"))
                .isInstanceOf(Refusal.class)
                .hasMessageStartingWith("shop prod is frozen (Fri 16:00-Mon 08:00 Europe/Berlin) until ")
                .hasMessageContaining("has no break-glass policy");
    }

    @Test
    @DisplayName("a lock still stops it: break-glass passes a freeze, not a lock")
    void lockStillHolds() {
        core.registry.push("enterprise/shop:release", TestPipelines.D1);
        core.clock.set(FRIDAY_BERLIN_1630);
        core.promotions.lock("erin", "shop", "prod", "incident 42");

        assertThatThrownBy(() -> core.promotions.promote("alice", "shop", null, "prod", "checkout down"))
                .isInstanceOf(Refusal.class).hasMessageStartingWith("shop prod is locked by erin");
    }

    private static Stage withGlass(Stage s) {
        return withGlass(s, GLASS);
    }

    private static Stage withGlass(Stage s, ApprovalPolicy glass) {
        return new Stage(s.name(), s.image(), s.deploy(), s.approval(), s.gates(), s.freeze(), s.analysis(), s.expose(),
                s.copyAttachments(), s.attest(), s.supersede(), s.gitops(), s.remind(), glass);
    }
}
